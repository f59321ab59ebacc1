namespace MlOps.Core.Models.Adapters;

/// <summary>
/// Maps our parameter and module names (<c>backbone.encoder.layer.0.attention.self.query</c>) to the
/// names the Hugging Face Hub checkpoint uses (<c>bert.encoder.layer.0.attention.self.query</c>), so
/// saved adapters load with PEFT. Architectures loaded from the Hub implement it on their module.
/// </summary>
public interface IHubNames
{
    string ToHub(string ourName);
}

/// <summary>Our names are the hub names (mlp, cnn-small, user models): nothing is stripped or renamed.</summary>
public sealed class IdentityHubNames : IHubNames
{
    public static readonly IdentityHubNames Instance = new();

    public string ToHub(string ourName) => ourName;
}

/// <summary>The name map of a model: its own when it has one, else identity.</summary>
public static class HubNames
{
    public static IHubNames For(FineTuneModule model) => model as IHubNames ?? IdentityHubNames.Instance;
}
