namespace SignageKiosk.Bench;

/// <summary>
/// "NAME=value;NAME=value", as the benchmarks take runtime settings to try on a process without rebuilding it
/// (SIGNAGEKIOSK_SOAK_HOST_ENV, SIGNAGEKIOSK_CONTROLLER_AFTER_ENV).
/// </summary>
public static class EnvironmentList
{
    public static IEnumerable<(string Name, string Value)> Parse(string? list, string variable)
    {
        foreach (var pair in (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw new ArgumentException($"{variable}: \"{pair}\" is not NAME=value");
            }
            yield return (pair[..equals], pair[(equals + 1)..]);
        }
    }
}
