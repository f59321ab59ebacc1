using TorchSharp;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Torch;

/// <summary>The test host itself loads libtorch: this fails on Debian 12 unless the build made it loadable.</summary>
public sealed class LibTorchLoadsTests
{
    [Fact]
    public void A_tensor_operation_and_one_optimiser_step_run_in_the_test_host()
    {
        using var scope = NewDisposeScope();
        var weight = new TorchSharp.Modules.Parameter(tensor(new float[] { 1f, -2f }));
        var optimiser = optim.SGD([weight], learningRate: 0.5);

        var loss = (weight * weight).sum();
        loss.backward();
        optimiser.step();

        // d(w²)/dw = 2w, so w ← w − 0.5·2w = 0.
        Assert.Equal(5f, loss.item<float>());
        Assert.Equal(new[] { 0f, 0f }, weight.data<float>().ToArray());
    }
}
