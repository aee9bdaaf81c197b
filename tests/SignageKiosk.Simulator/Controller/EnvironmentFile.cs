namespace SignageKiosk.Simulator.Controller;

/// <summary>A file of NAME=value lines, read the way systemd's EnvironmentFile= reads it (a line starting with # or ; is a comment).</summary>
public static class EnvironmentFile
{
    /// <summary>The file's variables; none if it does not exist (an older build without one).</summary>
    public static IEnumerable<(string Name, string Value)> Read(string path)
    {
        if (!File.Exists(path))
        {
            yield break;
        }
        foreach (var line in File.ReadLines(path).Select(l => l.Trim()))
        {
            var equals = line.IndexOf('=');
            if (equals > 0 && line[0] is not ('#' or ';'))
            {
                yield return (line[..equals], line[(equals + 1)..]);
            }
        }
    }
}
