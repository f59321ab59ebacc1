using MlOps.Specs.Hub;

namespace MlOps.Core.Tests.Models.Hub;

/// <summary>Which files of a Hub dataset repository make up a split, in the Hub's layouts.</summary>
public sealed class HubDatasetLayoutTests
{
    private static readonly string[] PushToHub =
    [
        ".gitattributes", "README.md",
        "data/train-00001-of-00002.parquet", "data/train-00000-of-00002.parquet",
        "data/validation-00000-of-00001.parquet", "data/test.parquet",
    ];

    private static readonly string[] Converted =
    [
        "plain_text/train/0000.parquet", "plain_text/train/0001.parquet", "plain_text/test/0000.parquet",
        "default/unsupervised/0000.parquet",
    ];

    private static IReadOnlyList<string> Files(string[] repo, string location) =>
        HubDatasetLayout.SplitFiles(repo, HubDatasetLocation.Parse(location));

    [Fact]
    public void Push_to_hub_shards_are_the_split_in_name_order()
    {
        Assert.Equal(["data/train-00000-of-00002.parquet", "data/train-00001-of-00002.parquet"], Files(PushToHub, "hf://datasets/o/n/train"));
        Assert.Equal(["data/test.parquet"], Files(PushToHub, "hf://datasets/o/n/test"));
        Assert.Empty(Files(PushToHub, "hf://datasets/o/n/unsupervised"));
        Assert.Equal(["test", "train", "validation"], HubDatasetLayout.Splits(PushToHub));
    }

    [Fact]
    public void The_parquet_conversion_is_read_by_config_and_split()
    {
        Assert.Equal(["plain_text/train/0000.parquet", "plain_text/train/0001.parquet"], Files(Converted, "hf://datasets/o/n@refs%2Fconvert%2Fparquet/plain_text/train"));
        Assert.Equal(["default/unsupervised/0000.parquet"], Files(Converted, "hf://datasets/o/n@refs%2Fconvert%2Fparquet/unsupervised"));
        Assert.Empty(Files(Converted, "hf://datasets/o/n@refs%2Fconvert%2Fparquet/train")); // config default has no train split
        Assert.Equal(["default/unsupervised", "plain_text/test", "plain_text/train"], HubDatasetLayout.Splits(Converted));
    }
}
