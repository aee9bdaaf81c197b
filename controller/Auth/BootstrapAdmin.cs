using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Auth;

/// <summary>
/// Creates the first administrator on a fresh store. The password comes from configuration or
/// SIGNAGEKIOSK_ADMIN_PASSWORD; failing both, a random one is written to a file only the owner can read,
/// and only the file's path is logged. A generated password must be changed at the first sign-in, and the file
/// is deleted once it has been; a password the operator configured is their choice and is kept.
/// </summary>
public sealed class BootstrapAdmin(UserStore users, IOptions<AuthOptions> auth, IOptions<StorageOptions> storage, ILogger<BootstrapAdmin> logger)
{
    public const string PasswordEnvironmentVariable = "SIGNAGEKIOSK_ADMIN_PASSWORD";
    public const string PasswordFileName = "bootstrap-admin.txt";

    private string PasswordFile => Path.GetFullPath(Path.Combine(storage.Value.DataDirectory, PasswordFileName));

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (await users.CountAsync(cancellationToken) > 0)
        {
            return;
        }
        var username = auth.Value.BootstrapAdminUsername;
        var password = auth.Value.BootstrapAdminPassword;
        if (string.IsNullOrEmpty(password))
        {
            password = Environment.GetEnvironmentVariable(PasswordEnvironmentVariable);
        }
        var generated = string.IsNullOrEmpty(password);
        if (generated)
        {
            password = Secrets.NewPassword();
            var file = PasswordFile;
            await File.WriteAllTextAsync(file, $"{username}\n{password}\n", cancellationToken);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            logger.LogWarning("Created administrator {Username}; its generated password is in {File}", username, file);
        }
        else
        {
            logger.LogInformation("Created administrator {Username} from configuration", username);
        }
        await users.CreateAsync(username, password!, StaffRole.Admin, null, mustChangePassword: generated, cancellationToken);
    }

    /// <summary>Deletes the generated password's file once the account it names has a new password.</summary>
    public void PasswordChanged(string username)
    {
        var file = PasswordFile;
        try
        {
            if (File.Exists(file) && File.ReadLines(file).FirstOrDefault() == username)
            {
                File.Delete(file);
                logger.LogInformation("Deleted {File}: {Username} has changed the generated password", file, username);
            }
        }
        catch (IOException e)
        {
            logger.LogWarning("Could not delete {File}: {Message}", file, e.Message);
        }
    }
}
