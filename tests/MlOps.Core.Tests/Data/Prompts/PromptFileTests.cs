using MlOps.Contracts.Diagnostics;
using MlOps.Core.Data.Prompts;

namespace MlOps.Core.Tests.Data.Prompts;

public sealed class PromptFileTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("mlops-prompts-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(folder, "prompts.jsonl");
        File.WriteAllText(path, text);
        return path;
    }

    private Diagnostic Fails(string text)
    {
        var path = Write(text);
        var error = Assert.Throws<MlOpsException>(() => PromptFile.Read(path));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(path, diagnostic.Location.File);
        return diagnostic;
    }

    [Fact]
    public void Reads_prompts_and_chat_messages_with_their_lines_skipping_blank_lines()
    {
        var records = PromptFile.Read(Write("""
            {"prompt": "Define: cat"}

            {"messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Define: dög"}]}
            """));

        Assert.Equal(2, records.Count);
        Assert.Equal((1, "Define: cat", false), (records[0].Line, records[0].Prompt, records[0].IsChat));
        Assert.Equal(3, records[1].Line);
        Assert.Equal([new PromptMessage("system", "Be brief."), new PromptMessage("user", "Define: dög")], records[1].Messages);
    }

    [Theory]
    // line, column (1-based characters), code
    [InlineData("{\"prompt\": \"a\"}\n{\"prompt\": 3}", 2, 12, PromptErrorCodes.BadShape)]
    [InlineData("{\"prompt\": \"ä\", \"answer\": \"b\"}", 1, 27, PromptErrorCodes.BadShape)]
    [InlineData("{\"prompt\": \"a\", \"messages\": []}", 1, 1, PromptErrorCodes.BadShape)]
    [InlineData("{}", 1, 1, PromptErrorCodes.BadShape)]
    [InlineData("{\"messages\": {}}", 1, 14, PromptErrorCodes.BadShape)]
    [InlineData("[1, 2]", 1, 1, PromptErrorCodes.NotAnObject)]
    [InlineData("{\"prompt\": \"a\"\n{\"prompt\": \"b\" x}", 1, 15, PromptErrorCodes.NotAnObject)]
    [InlineData("{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"robot\", \"content\": \"x\"}]}", 1, 59, PromptErrorCodes.BadMessage)]
    [InlineData("{\"messages\": [{\"role\": \"user\"}]}", 1, 15, PromptErrorCodes.BadMessage)]
    [InlineData("{\"messages\": [\"hello\"]}", 1, 15, PromptErrorCodes.BadMessage)]
    public void A_bad_line_is_an_error_at_its_line_and_column(string text, int line, int column, string code)
    {
        var diagnostic = Fails(text);

        Assert.Equal(code, diagnostic.Code);
        Assert.Equal((line, column), (diagnostic.Location.Line, diagnostic.Location.Column));
    }

    [Fact]
    public void An_unknown_role_names_the_roles_that_work()
    {
        var diagnostic = Fails("""{"messages": [{"role": "tool", "content": "x"}]}""");

        Assert.Contains("\"tool\"", diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("system, user, assistant", diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_prompts_is_empty_and_a_missing_file_is_not_found()
    {
        Assert.Equal(PromptErrorCodes.Empty, Fails("\n  \n").Code);
        var missing = Assert.Throws<MlOpsException>(() => PromptFile.Read(Path.Combine(folder, "none.jsonl")));
        Assert.Equal("MLOPS200", missing.Diagnostics[0].Code);
    }
}
