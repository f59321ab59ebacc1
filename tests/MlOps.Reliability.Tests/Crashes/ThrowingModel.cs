using MlOps.Core.Models;
using TorchSharp;

namespace MlOps.Reliability.Tests.Crashes;

/// <summary>
/// A user's model family with a bug: its constructor throws. Nothing in the product turns that
/// into a diagnostic, so it is how the tests reach the internal-error backstop through a real path.
/// </summary>
[FineTuneModel(Name)]
public sealed class ThrowingModel : FineTuneModule
{
    public const string Name = "throws-when-built";
    public const string Fault = "deliberate fault in a user's model family";

    public ThrowingModel(ModelShape shape)
        : base(Name, 1, shape?.ClassCount ?? 2) => throw new InvalidOperationException(Fault + "\n  second line that must not reach the terminal");

    public override torch.Tensor Features(torch.Tensor input) => input;
}
