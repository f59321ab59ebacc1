using MlOps.Core.Models.Hub;
using MlOps.Specs.Hub;

namespace MlOps.Core.Tests.Models.Hub;

public sealed class HubModelIdTests
{
    [Theory]
    [InlineData("hf://distilbert-base-uncased", "distilbert-base-uncased", "main")]
    [InlineData("hf://google-bert/bert-base-uncased", "google-bert/bert-base-uncased", "main")]
    [InlineData("hf://org/model@v1.0", "org/model", "v1.0")]
    [InlineData("hf://org/model@refs/pr/3", "org/model", "refs/pr/3")]
    public void Good_ids_parse_with_main_as_the_default_revision(string text, string repo, string revision)
    {
        var id = HubModelId.Parse(text);
        Assert.Equal(repo, id.RepoId);
        Assert.Equal(revision, id.Revision);
        Assert.Equal("models--" + repo.Replace("/", "--", StringComparison.Ordinal), id.CacheFolderName);
    }

    [Theory]
    [InlineData("hf:/x")]
    [InlineData("hf://a/b/c")]
    [InlineData("hf://")]
    [InlineData("hf://org/")]
    [InlineData("hf://org/mo del")]
    [InlineData("hf://org/model@")]
    [InlineData("hf://org/-model")]
    [InlineData("hf://org/model@a b")]
    public void Bad_ids_are_refused_with_the_expected_form(string text)
    {
        Assert.False(HubModelId.TryParse(text, out _, out var error));
        Assert.Contains("hf://", error, StringComparison.Ordinal);
        Assert.True(HubModelId.LooksLikeHubReference(text));
    }
}
