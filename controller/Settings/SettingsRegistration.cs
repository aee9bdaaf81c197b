using Microsoft.Extensions.Options;

namespace SignageKiosk.Controller.Settings;

public static class SettingsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/> and checks it when the controller starts, not at its
    /// first use: <paramref name="problem"/> says what is wrong with the values, or null.
    /// </summary>
    public static OptionsBuilder<T> AddCheckedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section, Func<T, string?> problem)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SettingsCheck<T>(problem));
        return services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }

    /// <summary>
    /// The one line a refused start prints, or null when <paramref name="exception"/> is not about settings: values that
    /// fail their check, or one the binder cannot read at all ("abc" for a number: its message names the setting).
    /// </summary>
    public static string? Refusal(Exception exception) =>
        Problems(exception) is { Count: > 0 } problems ? Line(string.Join("; ", problems)) : null;

    private static List<string> Problems(Exception exception) => exception switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        InvalidOperationException bad when bad.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            ["设置的值无法读取 (a setting's value cannot be read): " + bad.Message],
        // Several options classes failing at once: all of them, if every one is about settings.
        AggregateException all when all.InnerExceptions.Select(Problems).ToList() is var each && each.All(p => p.Count > 0) => [.. each.SelectMany(p => p)],
        _ => [],
    };

    private static string Line(string problem) => "控制器未启动：设置有误 (the controller did not start: a setting is wrong): " + problem.ReplaceLineEndings(" ");

    /// <summary>The exit code of a start refused for its settings: EX_CONFIG, which a service manager can be told not to restart on.</summary>
    public const int ExitCode = 78;

    /// <summary>Text for a rule: "设置 X 须… (X must …)".</summary>
    public static string Must(string setting, string zh, string en) => $"设置 {setting} {zh} ({setting} {en})";
}
