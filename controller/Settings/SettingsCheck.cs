using Microsoft.Extensions.Options;

namespace SignageKiosk.Controller.Settings;

/// <summary>
/// Checks one options class with its own <c>Problem()</c>: the text it returns (zh-CN, then English, naming the setting)
/// is the validation failure, so a bad setting stops the controller at start with that one line (docs/decisions/0050).
/// </summary>
public sealed class SettingsCheck<T>(Func<T, string?> problem) : IValidateOptions<T> where T : class
{
    public ValidateOptionsResult Validate(string? name, T options) =>
        problem(options) is { } text ? ValidateOptionsResult.Fail(text) : ValidateOptionsResult.Success;
}
