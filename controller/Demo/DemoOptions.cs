namespace SignageKiosk.Controller.Demo;

public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Import the demo community into an empty store on first start.</summary>
    public bool ImportOnFirstStart { get; set; } = true;

    /// <summary>The package to import; when empty, content/demo/community.json is looked for above the app.</summary>
    public string? ContentPath { get; set; }

    /// <summary>If set, the demo kiosks' device credentials are written here (kiosk id → file), for the demo script.</summary>
    public string? KioskCredentialDirectory { get; set; }
}
