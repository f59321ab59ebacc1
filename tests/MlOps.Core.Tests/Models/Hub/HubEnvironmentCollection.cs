namespace MlOps.Core.Tests.Models.Hub;

/// <summary>Tests that set HF_* environment variables (process-wide): they run alone, never beside another test.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HubEnvironmentCollection
{
    public const string Name = "HF environment";
}
