using MlOps.Contracts.Diagnostics;
using MlOps.Core.Models;
using MlOps.Core.Models.Adapters;
using MlOps.Core.Tests.Torch;
using MlOps.Core.Training;
using MlOps.Specs.Model;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Tests.Models.Adapters;

/// <summary>LoRA in field-based modules, the way the BERT-family encoders hold their projections.</summary>
[Collection(TorchCollection.Name)]
public sealed class ModuleSurgeryTests
{
    [Fact]
    public void A_linear_held_in_a_module_typed_field_is_replaced_for_forward_and_state_dict()
    {
        TorchSetup.Configure(1, 1);
        using var model = new AttentionLike(typedAsLinear: false);
        using var input = randn(3, 6);
        using var before = model.forward(input);

        var adapters = LoraInjector.Apply(model, new AdapterSpec { R = 2, Targets = ["*.query"] }, new SourceLocation("spec.yaml", 1, 1));

        Assert.Equal(["backbone.self.query"], adapters.Layers.Keys);
        Assert.Contains("backbone.self.query.lora_A.weight", model.state_dict().Keys);
        Assert.Contains("backbone.self.value.weight", model.state_dict().Keys);
        using (no_grad())
        {
            using var same = model.forward(input);
            Assert.Equal(before.data<float>().ToArray(), same.data<float>().ToArray());
            adapters.Layers["backbone.self.query"].LoraB.fill_(0.5f); // forward must now go through the wrapper
            using var changed = model.forward(input);
            Assert.NotEqual(before.data<float>().ToArray(), changed.data<float>().ToArray());
        }
    }

    [Fact]
    public void A_linear_held_in_a_field_typed_linear_is_a_clear_error()
    {
        TorchSetup.Configure(1, 1);
        using var model = new AttentionLike(typedAsLinear: true);

        var error = Assert.Throws<MlOpsException>(() => LoraInjector.Apply(model, new AdapterSpec { R = 2, Targets = ["*.query"], Location = new SourceLocation("spec.yaml", 9, 1) }, new SourceLocation("spec.yaml", 1, 1)));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(AdapterErrorCodes.CannotWrap, diagnostic.Code);
        Assert.Equal(9, diagnostic.Location.Line);
        Assert.Contains("declare it as nn.Module<Tensor, Tensor>", diagnostic.Message, StringComparison.Ordinal);
    }

    /// <summary>backbone.self.{query,value}: a field-based block inside a field-based model.</summary>
    private sealed class AttentionLike : FineTuneModule
    {
        private readonly nn.Module<Tensor, Tensor> backbone;

        public AttentionLike(bool typedAsLinear)
            : base("attention-like", 4, 2)
        {
            backbone = new Block(typedAsLinear);
            RegisterComponents();
        }

        public override Tensor Features(Tensor input) => backbone.forward(input);
    }

    private sealed class Block : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> self;

        public Block(bool typedAsLinear)
            : base("block")
        {
            self = typedAsLinear ? new SelfTypedLinear() : new SelfTypedModule();
            RegisterComponents();
        }

        public override Tensor forward(Tensor input) => self.forward(input);
    }

    private sealed class SelfTypedModule : nn.Module<Tensor, Tensor>
    {
        private readonly nn.Module<Tensor, Tensor> query = nn.Linear(6, 4);
        private readonly nn.Module<Tensor, Tensor> value = nn.Linear(6, 4);

        public SelfTypedModule()
            : base("self")
        {
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var q = query.forward(input);
            using var v = value.forward(input);
            return q + v;
        }
    }

    private sealed class SelfTypedLinear : nn.Module<Tensor, Tensor>
    {
        private readonly Linear query = nn.Linear(6, 4);
        private readonly Linear value = nn.Linear(6, 4);

        public SelfTypedLinear()
            : base("self")
        {
            RegisterComponents();
        }

        public override Tensor forward(Tensor input)
        {
            using var q = query.forward(input);
            using var v = value.forward(input);
            return q + v;
        }
    }
}
