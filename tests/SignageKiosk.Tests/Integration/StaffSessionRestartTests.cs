using System.Net;
using SignageKiosk.Controller.Storage;
using SignageKiosk.Simulator.Controller;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Integration;

/// <summary>
/// The keys that sign the staff cookie and the forms' antiforgery tokens are kept in the controller's data folder,
/// owner-only: a restart signs nobody out and breaks no open form, whatever the service user's home is.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class StaffSessionRestartTests
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task A_page_session_and_an_open_form_survive_a_restart_and_the_keys_are_owner_only_in_the_data_folder()
    {
        // The key files in the data folder are SQLite's arrangement; on PostgreSQL the keys are in the store (MultiNodeTests).
        await using var controller = ControllerHost.Start("keys-restart", demo: true, store: StoreProvider.Sqlite);
        using var staff = new StaffBrowserClient(controller.Url);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SignInAsync("admin", ControllerHost.AdminPassword)).StatusCode);
        // A form opened before the restart and sent after it.
        var formToken = await staff.TokenFromAsync("/admin/notices/edit");

        var keys = Path.Combine(controller.DataDirectory, "keys");
        Assert.True(Directory.Exists(keys), "the keys are in the data folder");
        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(keys));
        var files = Directory.GetFiles(keys);
        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.Equal(OwnerOnlyFile, File.GetUnixFileMode(file)));

        await controller.RestartAsync();

        using (var home = await staff.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        }
        using var admin = await controller.AdminAsync();
        var head = await admin.HeadAsync();
        using var posted = await staff.PostFormAsync("/admin/notices/edit", new()
        {
            ["Title"] = "重启前打开的表单", ["Priority"] = "Normal", ["Category"] = "General", ["TargetPlaceId"] = "compound-dangui", ["__RequestVerificationToken"] = formToken,
        });
        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.True(await admin.HeadAsync() > head);
        Assert.Equal(files.Order(), Directory.GetFiles(keys).Order());
    }

    [Fact]
    public async Task With_a_certificate_configured_the_keys_are_encrypted_at_rest_and_still_survive_a_restart()
    {
        var folder = Repo.TempDirectory("keys-certificate");
        using (var rsa = System.Security.Cryptography.RSA.Create(2048))
        {
            var request = new System.Security.Cryptography.X509Certificates.CertificateRequest(
                "CN=signagekiosk-keys", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(Path.Combine(folder, "keys.pfx"), certificate.Export(System.Security.Cryptography.X509Certificates.X509ContentType.Pkcs12, "pfx-pw"));
        }
        await using var controller = ControllerHost.Start("keys-certificate", settings: new()
        {
            ["DataProtection:CertificatePath"] = Path.Combine(folder, "keys.pfx"), ["DataProtection:CertificatePassword"] = "pfx-pw",
        }, store: StoreProvider.Sqlite);
        using var staff = new StaffBrowserClient(controller.Url);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SignInAsync("admin", ControllerHost.AdminPassword)).StatusCode);
        var key = await File.ReadAllTextAsync(Directory.GetFiles(Path.Combine(controller.DataDirectory, "keys")).Single());
        Assert.Contains("EncryptedData", key);
        Assert.DoesNotContain("<masterKey", key);

        await controller.RestartAsync();
        using var home = await staff.GetAsync("/admin");
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
    }

    [Fact]
    public async Task A_controller_process_restarted_with_another_home_or_none_keeps_its_staff_signed_in()
    {
        var data = Repo.TempDirectory("keys-home");
        await using var controller = new ControllerProcess(Path.Combine(data, "controller"));
        controller.EnvironmentOverrides["HOME"] = Path.Combine(data, "home-of-the-first-run");
        controller.EnvironmentOverrides["XDG_DATA_HOME"] = null;
        await controller.StartAsync();
        using var staff = new StaffBrowserClient(controller.Url);
        Assert.Equal(HttpStatusCode.Redirect, (await staff.SignInAsync("admin", ControllerProcess.AdminPassword)).StatusCode);
        using (var before = await staff.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }
        var loginForm = await staff.TokenFromAsync("/admin/login");

        // A service user without a home (HOME unset), as under systemd with DynamicUser or in a container.
        await controller.KillAsync();
        controller.EnvironmentOverrides["HOME"] = null;
        await controller.StartAsync();

        using (var after = await staff.GetAsync("/admin"))
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }
        using var signIn = await staff.PostFormAsync("/admin/login", new()
        {
            ["username"] = "admin", ["password"] = ControllerProcess.AdminPassword, ["__RequestVerificationToken"] = loginForm,
        });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.False(Directory.Exists(Path.Combine(data, "home-of-the-first-run", ".aspnet")), "nothing is kept in the home folder");
    }
}
