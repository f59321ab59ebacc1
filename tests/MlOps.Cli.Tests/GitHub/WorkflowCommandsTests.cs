using MlOps.Cli.GitHub;

namespace MlOps.Cli.Tests.GitHub;

public sealed class WorkflowCommandsTests
{
    [Fact]
    public void Properties_escape_colon_and_comma_but_messages_keep_them()
    {
        var line = WorkflowCommands.Format("error", [("file", "a,b:c.yaml"), ("line", "3"), ("col", null)], "x: 1, y: 50%");

        Assert.Equal("::error file=a%2Cb%3Ac.yaml,line=3::x: 1, y: 50%25", line);
    }

    [Fact]
    public void A_multi_line_output_value_cannot_forge_another_output()
    {
        var file = Path.GetTempFileName();
        try
        {
            GitHubOutputFile.Append(file, [("metrics-json", "{\"a\":1}\npassed=true")]);

            var lines = File.ReadAllText(file).Split('\n');
            Assert.StartsWith("metrics-json<<ghadelimiter_", lines[0], StringComparison.Ordinal);
            var delimiter = lines[0]["metrics-json<<".Length..];
            Assert.Equal(["{\"a\":1}", "passed=true", delimiter, ""], lines[1..]);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
