using MlOps.Contracts.Metrics;
using MlOps.Specs.Model;

namespace MlOps.Specs.Binding;

/// <summary>`training:` — loop length, optimiser, per-layer learning rates, schedule, stopping.</summary>
internal static class TrainingBinder
{
    public static TrainingSpec Bind(SpecContext ctx, MappingReader top)
    {
        var r = top.Mapping("training", "training");
        if (r is null)
        {
            return new TrainingSpec();
        }
        var defaults = new TrainingSpec();
        var objectiveChosen = r.Choice("objective", Choices.Objective) ?? TrainingObjective.Classification;
        CausalLmOnly(ctx, r, objectiveChosen);
        return new TrainingSpec
        {
            Epochs = r.Int("epochs", new NumberRange(1, 10_000)) ?? defaults.Epochs,
            BatchSize = r.Int("batch_size", new NumberRange(1, 65_536)) ?? defaults.BatchSize,
            Optimizer = Optimizer(ctx, r),
            LayerLr = LayerLr(r),
            Freeze = r.TextList("freeze") ?? [],
            Schedule = Schedule(r),
            GradClip = r.Number("grad_clip", NumberRange.GradClip),
            GradientAccumulation = r.Int("gradient_accumulation", new NumberRange(1, 65_536)) ?? 1,
            EarlyStopping = EarlyStopping(ctx, r),
            MaxMinutes = r.Mapping("budget", "training.budget")?.Number("max_minutes", NumberRange.BudgetMinutes),
            Threads = r.Int("threads", new NumberRange(1, 1024)),
            Objective = objectiveChosen,
            MaskProbability = r.Number("mask_probability", new NumberRange(0.01, 0.9)) ?? defaults.MaskProbability,
            ObjectiveLocation = r.Value("objective") is { } objective ? ctx.Loc(objective) : null,
            Precision = r.Choice("precision", Choices.Precision) ?? Precision.Fp32,
            Repeats = r.Int("repeats", new NumberRange(1, 1000)),
            MaxLength = r.Int("max_length", new NumberRange(8, 131_072)),
            TrainOnPrompt = r.Bool("train_on_prompt"),
            Packing = r.Bool("packing"),
            Seeds = Seeds(ctx, r),
        };
    }

    /// <summary>The sequence settings of causal_lm mean nothing to a classifier or masked_lm (their text length is data.max_length).</summary>
    private static void CausalLmOnly(SpecContext ctx, MappingReader training, TrainingObjective objective)
    {
        if (objective == TrainingObjective.CausalLm)
        {
            return;
        }
        foreach (var key in new[] { "max_length", "train_on_prompt", "packing" })
        {
            if (training.KeyNode(key) is { } node)
            {
                ctx.Error(SpecErrorCodes.NotApplicable,
                    $"'{training.Join(key)}' only applies to training.objective: causal_lm{(key == "max_length" ? "; text classifiers and masked_lm set data.max_length" : "")}", node);
            }
        }
    }

    /// <summary>training.seeds: whole numbers ≥ 0, at least one, no seed twice, and not beside training.repeats.</summary>
    private static List<int>? Seeds(SpecContext ctx, MappingReader training)
    {
        if (training.Sequence("seeds") is not { } seq)
        {
            return null;
        }
        if (training.Has("repeats"))
        {
            ctx.Error(SpecErrorCodes.NotApplicable, $"'{training.Join("seeds")}' and '{training.Join("repeats")}' both say how many runs to train: keep one", training.KeyNode("seeds")!);
        }
        if (seq.Items.Count == 0)
        {
            ctx.Error(SpecErrorCodes.OutOfRange, $"'{training.Join("seeds")}' is empty: list at least one seed, e.g. `seeds: [1, 2, 3]`, or remove it", seq);
            return null;
        }
        var seeds = new List<int>();
        for (var i = 0; i < seq.Items.Count; i++)
        {
            if (ScalarReaders.Int(ctx, seq.Items[i], $"{training.Join("seeds")}[{i}]", NumberRange.NonNegative) is not { } seed)
            {
                continue;
            }
            if (seeds.Contains(seed))
            {
                ctx.Error(SpecErrorCodes.InvalidFormat, $"'{training.Join("seeds")}[{i}]': seed {seed} is listed twice; two runs with one seed are the same run", seq.Items[i]);
                continue;
            }
            seeds.Add(seed);
        }
        return seeds;
    }

    private static OptimizerSpec Optimizer(SpecContext ctx, MappingReader training)
    {
        var defaults = new OptimizerSpec();
        if (training.Mapping("optimizer", "training.optimizer") is not { } r)
        {
            return defaults;
        }
        return new OptimizerSpec
        {
            Type = r.Choice("type", Choices.Optimizer) ?? defaults.Type,
            Lr = r.Number("lr", NumberRange.LearningRate) ?? defaults.Lr,
            WeightDecay = r.Number("weight_decay", NumberRange.WeightDecay) ?? defaults.WeightDecay,
            Momentum = r.Number("momentum", NumberRange.Fraction) ?? defaults.Momentum,
            LrLocation = r.Value("lr") is { } lr ? ctx.Loc(lr) : null,
        };
    }

    /// <summary>Kept in written order: the first glob that matches a parameter wins.</summary>
    private static List<KeyValuePair<string, double>> LayerLr(MappingReader training)
    {
        var result = new List<KeyValuePair<string, double>>();
        if (training.Mapping("layer_lr", "training.layer_lr") is not { } r)
        {
            return result;
        }
        foreach (var glob in r.Order)
        {
            if (r.Number(glob, NumberRange.LearningRate) is { } lr)
            {
                result.Add(new(glob, lr));
            }
        }
        return result;
    }

    private static ScheduleSpec Schedule(MappingReader training)
    {
        if (training.Mapping("schedule", "training.schedule") is not { } r)
        {
            return new ScheduleSpec();
        }
        return new ScheduleSpec
        {
            Type = r.Choice("type", Choices.Schedule) ?? ScheduleType.Constant,
            WarmupRatio = r.Number("warmup_ratio", NumberRange.Fraction) ?? 0,
        };
    }

    private static EarlyStoppingSpec? EarlyStopping(SpecContext ctx, MappingReader training)
    {
        if (training.Mapping("early_stopping", "training.early_stopping") is not { } r)
        {
            return null;
        }
        var defaults = new EarlyStoppingSpec();
        var metric = r.Text("metric");
        if (metric is not null && !MetricNames.IsMonitorable(metric))
        {
            string[] monitorable = ["val_loss", "train_loss", .. MetricNames.Classification.Select(m => "val_" + m)];
            ctx.Error(SpecErrorCodes.NotMonitorable,
                $"'{r.Join("metric")}' cannot be monitored: '{metric}'{Suggestions.DidYouMean(metric, monitorable)} (use val_loss, train_loss or val_<metric>, e.g. val_accuracy)",
                r.Value("metric")!);
            metric = null;
        }
        return new EarlyStoppingSpec
        {
            Metric = metric ?? defaults.Metric,
            Patience = r.Int("patience", NumberRange.AtLeast(1)) ?? defaults.Patience,
            MinDelta = r.Number("min_delta", NumberRange.MinDelta) ?? 0,
            RestoreBest = r.Bool("restore_best") ?? true,
        };
    }
}
