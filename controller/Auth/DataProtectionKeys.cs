using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.Options;
using SignageKiosk.Controller.Storage;

namespace SignageKiosk.Controller.Auth;

/// <summary>
/// The keys that sign the staff cookie and the forms' antiforgery tokens live in the controller's data folder
/// (<c>keys/</c>, owner-only), never in the service user's home or in memory: a restart keeps everyone signed in
/// and open forms valid. On PostgreSQL they live in the store, shared by every node (decision 0040). Optionally
/// wrapped with a certificate (DataProtection:CertificatePath); see decision 0020.
/// </summary>
public static class DataProtectionKeys
{
    public const string Section = "DataProtection";
    public const string Folder = "keys";

    public static string Directory(StorageOptions storage) => Path.GetFullPath(Path.Combine(storage.DataDirectory, Folder));

    public static IServiceCollection AddPersistentDataProtection(this IServiceCollection services, IConfiguration configuration)
    {
        // A fixed name, so moving the install folder does not orphan the keys.
        var builder = services.AddDataProtection().SetApplicationName("SignageKiosk.Controller");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<StorageOptions>, ILoggerFactory, IServiceProvider>((keys, storage, logs, provider) =>
            keys.XmlRepository = storage.Value.Provider == StoreProvider.PostgreSql
                ? new StoreXmlRepository(provider.GetRequiredService<ControllerDb>(), TimeProvider.System)
                : new OwnerOnlyXmlRepository(Directory(storage.Value), logs));
        if (configuration[$"{Section}:CertificatePath"] is { Length: > 0 } certificate)
        {
            builder.ProtectKeysWithCertificate(X509CertificateLoader.LoadPkcs12FromFile(certificate, configuration[$"{Section}:CertificatePassword"]));
        }
        return services;
    }
}

/// <summary>Key files in one folder that only the controller's user may enter (0700) and read (0600).</summary>
public sealed class OwnerOnlyXmlRepository : IXmlRepository
{
    private const UnixFileMode OwnerFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _directory;
    private readonly FileSystemXmlRepository _files;

    public OwnerOnlyXmlRepository(string directory, ILoggerFactory logs)
    {
        _directory = directory;
        System.IO.Directory.CreateDirectory(directory);
        Tighten();
        _files = new FileSystemXmlRepository(new DirectoryInfo(directory), logs);
    }

    public IReadOnlyCollection<XElement> GetAllElements() => _files.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        _files.StoreElement(element, friendlyName);
        Tighten();
    }

    /// <summary>The folder is closed before a key is written into it, so a new file is never readable by others.</summary>
    private void Tighten()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        File.SetUnixFileMode(_directory, OwnerFolder);
        foreach (var file in System.IO.Directory.EnumerateFiles(_directory))
        {
            File.SetUnixFileMode(file, OwnerFile);
        }
    }
}
