using System.Text.RegularExpressions;
using SignageKiosk.Tests.Support;

namespace SignageKiosk.Tests.Unit;

/// <summary>
/// The API speaks zh-CN by default (docs/decisions/0049): every refusal the controller's code writes out as text says
/// it in Chinese first, the English after it. The integration sweeps check the refusals they can provoke; this reads
/// every refusal in the source, including those only a rare state reaches.
/// </summary>
public sealed partial class ApiRefusalTextTests
{
    // Where a refusal's message is written: the ApiException helpers and constructor, a problem result or write, and the
    // exceptions whose text becomes a refusal's detail.
    [GeneratedRegex(@"ApiException\.(BadRequest|NotFound|Conflict|Forbidden)\(|new ApiException\(|ApiProblem\.(Result|WriteAsync)\(|TooMany\(http|PhotoRefusedException\(|ImportFileException\(")]
    private static partial Regex RefusalCall();

    // A literal that reads as an English phrase (two words), not a field name.
    [GeneratedRegex(@"\$?""[^""\n]*[A-Za-z]+ [a-z]+[^""\n]*""")]
    private static partial Regex EnglishLiteral();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex Chinese();

    [Fact]
    public void Every_refusal_written_in_the_controller_says_it_in_Chinese()
    {
        var found = 0;
        var english = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(Repo.Root, "controller"), "*.cs", SearchOption.AllDirectories)
                     .Concat(Directory.EnumerateFiles(Path.Combine(Repo.Root, "shared"), "*.cs", SearchOption.AllDirectories)))
        {
            if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            {
                continue;
            }
            var source = File.ReadAllText(file);
            foreach (Match call in RefusalCall().Matches(source))
            {
                // The statement: up to the end of the throw or return (a raw string or a ';' inside a message is not used here).
                var end = source.IndexOf(';', call.Index);
                var statement = source[call.Index..(end < 0 ? source.Length : end)];
                if (!EnglishLiteral().IsMatch(statement))
                {
                    continue;
                }
                found++;
                if (!Chinese().IsMatch(statement))
                {
                    var line = source[..call.Index].Count(c => c == '\n') + 1;
                    english.Add($"{Path.GetRelativePath(Repo.Root, file)}:{line}: {statement.Split('\n')[0].Trim()}");
                }
            }
        }
        // The pattern must keep finding the refusals, or this test would pass by finding none.
        Assert.True(found > 100, $"only {found} refusals with a written message were found");
        Assert.True(english.Count == 0, $"{english.Count} refusals are in English only:\n" + string.Join("\n", english));
    }
}
