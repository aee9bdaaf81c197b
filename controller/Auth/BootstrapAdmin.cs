using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Auth;

/// <summary>
/// Creates the first administrator on a fresh store. The password comes from configuration or
/// SIGNAGEKIOSK_ADMIN_PASSWORD; failing both, a random one is written to a file only the owner can read,
/// and only the file's path is logged.
/// </summary>
public sealed class BootstrapAdmin(UserStore users, IOptions<AuthOptions> auth, IOptions<StorageOptions> storage, ILogger<BootstrapAdmin> logger)
{
    public const string PasswordEnvironmentVariable = "SIGNAGEKIOSK_ADMIN_PASSWORD";

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
        if (string.IsNullOrEmpty(password))
        {
            password = Secrets.NewPassword();
            var file = Path.GetFullPath(Path.Combine(storage.Value.DataDirectory, "bootstrap-admin.txt"));
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
        await users.CreateAsync(username, password, StaffRole.Admin, null, cancellationToken);
    }
}
