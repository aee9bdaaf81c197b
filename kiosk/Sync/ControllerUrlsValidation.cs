using Microsoft.Extensions.Options;
using SignageKiosk.Shared.Sync;

namespace SignageKiosk.Kiosk.Sync;

/// <summary>Refuses to start with a controller URL the kiosk could never use, saying which one and why.</summary>
public sealed class ControllerUrlsValidation : IValidateOptions<KioskOptions>
{
    public ValidateOptionsResult Validate(string? name, KioskOptions options) =>
        ControllerChoice.Parse(options.ControllerUrl, options.ControllerUrls).Error is { } error
            ? ValidateOptionsResult.Fail(error)
            : ValidateOptionsResult.Success;
}
