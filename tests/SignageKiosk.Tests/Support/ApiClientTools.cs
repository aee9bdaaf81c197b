namespace SignageKiosk.Tests.Support;

/// <summary>
/// The npm tools a client author would use on /openapi/v1.json (tests/api-client: openapi-typescript, openapi-fetch and
/// TypeScript, pinned by its package-lock.json), installed once with <c>npm ci</c> for the test class that uses them.
/// </summary>
public sealed class ApiClientTools
{
    public ApiClientTools()
    {
        Folder = Path.Combine(Repo.Root, "tests", "api-client");
        var install = ToolRun.Run("npm", ["ci", "--no-audit", "--no-fund", "--prefer-offline"], Folder, TimeSpan.FromMinutes(5));
        if (install.ExitCode != 0)
        {
            throw new InvalidOperationException("npm ci in tests/api-client failed (.ci/setup installs nodejs and npm):\n" + install.Output);
        }
    }

    /// <summary>tests/api-client, with its node_modules.</summary>
    public string Folder { get; }

    /// <summary>A scratch folder whose programs resolve the tools' packages (its node_modules links to the installed one).</summary>
    public string Workspace(string name)
    {
        var directory = Repo.TempDirectory(name);
        Directory.CreateSymbolicLink(Path.Combine(directory, "node_modules"), Path.Combine(Folder, "node_modules"));
        return directory;
    }

    /// <summary>openapi-typescript: <paramref name="document"/> → <paramref name="output"/> (the <c>paths</c> and <c>components</c> types).</summary>
    public ProcessResult GenerateTypes(string directory, string document, string output) =>
        Node(directory, Path.Combine(Folder, "node_modules", "openapi-typescript", "bin", "cli.js"), document, "-o", output);

    /// <summary>tsc, strict, emitting an ES module next to the source (.mts → .mjs); a type error is a non-zero exit.</summary>
    public ProcessResult Compile(string directory, string source) =>
        Node(directory, Path.Combine(Folder, "node_modules", "typescript", "bin", "tsc"),
            "--strict", "--noEmit", "false", "--target", "es2022", "--module", "nodenext", "--moduleResolution", "nodenext",
            "--lib", "es2022,dom", "--pretty", "false", source);

    public static ProcessResult Node(string directory, string script, params string[] arguments) =>
        ToolRun.Run("node", [script, .. arguments], directory);
}
