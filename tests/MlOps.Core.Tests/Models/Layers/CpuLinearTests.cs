using MlOps.Core.Models.Layers;
using MlOps.Core.Tests.Torch;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Layers;

/// <summary>
/// The oneDNN linear against libtorch's own <c>nn.functional.linear</c>: the same output and the same
/// gradients for input, weight and bias (float32; only the summation order may differ), the same bits
/// when run twice, and the usual path for what it does not take.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class CpuLinearTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Output_and_gradients_match_linear(bool withBias)
    {
        manual_seed(7);
        using var x = randn(4, 64, 512);
        using var weight = (randn(768, 512) * 0.05).requires_grad_();
        using var bias = withBias ? (randn(768) * 0.1).requires_grad_() : null;
        Assert.Equal(CpuLinear.Supported, CpuLinear.Takes(x, weight, bias)); // 256 rows × 768 × 512 is past the threshold (on x64)

        var before = CpuLinear.OneDnnCalls;
        var ours = ForwardBackward(x, weight, bias, (a, w, b) => CpuLinear.Apply(a, w, b));
        Assert.Equal(before + (CpuLinear.Supported ? 1 : 0), CpuLinear.OneDnnCalls);
        var theirs = ForwardBackward(x, weight, bias, (a, w, b) => nn.functional.linear(a, w, b));
        using var weight64 = weight.detach().to(ScalarType.Float64).requires_grad_();
        using var bias64 = bias?.detach().to(ScalarType.Float64).requires_grad_();
        var exact = ForwardBackward(x.to(ScalarType.Float64), weight64, bias64, (a, w, b) => nn.functional.linear(a, w, b));

        Assert.Equal(theirs.Output.shape, ours.Output.shape);
        AssertAsAccurate("output", exact.Output, theirs.Output, ours.Output);
        AssertAsAccurate("input gradient", exact.Input, theirs.Input, ours.Input);
        AssertAsAccurate("weight gradient", exact.Weight, theirs.Weight, ours.Weight);
        if (withBias)
        {
            AssertAsAccurate("bias gradient", exact.Bias!, theirs.Bias!, ours.Bias!);
        }
    }

    [Fact]
    public void The_same_inputs_give_the_same_bits()
    {
        manual_seed(3);
        using var x = randn(256, 512);
        using var weight = randn(1024, 512).requires_grad_();
        var first = ForwardBackward(x, weight, null, (a, w, b) => CpuLinear.Apply(a, w, b));
        var second = ForwardBackward(x, weight, null, (a, w, b) => CpuLinear.Apply(a, w, b));
        Assert.True(first.Output.eq(second.Output).all().item<bool>());
        Assert.True(first.Input.eq(second.Input).all().item<bool>());
        Assert.True(first.Weight.eq(second.Weight).all().item<bool>());
    }

    [Fact]
    public void Small_products_other_types_and_vectors_take_the_usual_path()
    {
        using var small = randn(8, 64);
        using var smallWeight = randn(64, 64);
        Assert.False(CpuLinear.Takes(small, smallWeight, null)); // 8 × 64 × 64: oneDNN's set-up would cost more than the product

        using var doubles = randn(512, 512, dtype: ScalarType.Float64);
        using var doubleWeight = randn(512, 512, dtype: ScalarType.Float64);
        Assert.False(CpuLinear.Takes(doubles, doubleWeight, null));
        using var y = CpuLinear.Apply(doubles, doubleWeight, null);
        Assert.True(y.allclose(nn.functional.linear(doubles, doubleWeight)));

        using var vector = randn(512);
        using var weight = randn(1 << 17, 512);
        Assert.False(CpuLinear.Takes(vector, weight, null));
    }

    private static (Tensor Output, Tensor Input, Tensor Weight, Tensor? Bias) ForwardBackward(
        Tensor x, Tensor weight, Tensor? bias, Func<Tensor, Tensor, Tensor?, Tensor> linear)
    {
        using var input = x.detach().requires_grad_();
        weight.grad?.zero_();
        bias?.grad?.zero_();
        var y = linear(input, weight, bias);
        using var upstream = cos(arange(y.numel(), dtype: ScalarType.Float32)).reshape(y.shape);
        y.backward([upstream]);
        return (y.detach(), input.grad!.clone(), weight.grad!.clone(), bias?.grad?.clone());
    }

    // Both are float32 sums in different orders, so neither equals the other bit for bit: each is held
    // to the float64 result, and oneDNN's error must be of the same order as libtorch's own (measured:
    // output 5.1e-6 against 2.2e-6 for values up to 5, about 8 float32 ulps; input gradient 5.6e-6
    // against 1.6e-6; weight and bias gradients within 1.5×).
    private void AssertAsAccurate(string what, Tensor exact, Tensor libtorch, Tensor oneDnn)
    {
        var scale = exact.abs().max().item<double>();
        var libtorchError = (libtorch.to(ScalarType.Float64) - exact).abs().max().item<double>();
        var oneDnnError = (oneDnn.to(ScalarType.Float64) - exact).abs().max().item<double>();
        output.WriteLine($"{what}: largest error oneDNN {oneDnnError:G3}, libtorch {libtorchError:G3}, values up to {scale:G3}");
        Assert.True(oneDnnError <= (4 * libtorchError) + (1e-7 * scale), $"{what}: oneDNN's error {oneDnnError:G3} against float64, libtorch's {libtorchError:G3}");
        Assert.True(oneDnnError <= 2e-6 * scale, $"{what}: oneDNN's error {oneDnnError:G3} for values up to {scale:G3}");
    }
}
