using System.Reflection;

namespace MlOps.Core.Models;

/// <summary>
/// Finds a model by the name a spec gives: the built-ins, then [FineTuneModel] classes in the
/// loaded assemblies and in any assembly passed with <c>--models-assembly</c>.
/// </summary>
public sealed class ModelRegistry
{
    private readonly Dictionary<string, Func<ModelShape, FineTuneModule>> factories = new(StringComparer.Ordinal)
    {
        ["mlp"] = shape => new MlpModel(shape),
        ["cnn-small"] = shape => new SmallCnnModel(shape),
        ["bert"] = shape => Transformers.TransformerModels.Classifier(shape, Transformers.TransformerKind.Bert),
        ["distilbert"] = shape => Transformers.TransformerModels.Classifier(shape, Transformers.TransformerKind.DistilBert),
        ["roberta"] = shape => Transformers.TransformerModels.Classifier(shape, Transformers.TransformerKind.Roberta),
        ["resnet18"] = shape => new Vision.ResNetModel(Vision.ResNetVariant.ResNet18, shape),
        ["resnet50"] = shape => new Vision.ResNetModel(Vision.ResNetVariant.ResNet50, shape),
    };

    public static ModelRegistry Default(IEnumerable<Assembly>? extraAssemblies = null)
    {
        var registry = new ModelRegistry();
        var assemblies = AppDomain.CurrentDomain.GetAssemblies().Concat(extraAssemblies ?? []).Distinct();
        foreach (var assembly in assemblies.Where(a => !a.IsDynamic))
        {
            registry.AddFrom(assembly);
        }
        return registry;
    }

    public IReadOnlyCollection<string> Names => factories.Keys;

    public void Add(string name, Func<ModelShape, FineTuneModule> factory) => factories[name] = factory;

    public bool TryCreate(string name, ModelShape shape, out FineTuneModule? model)
    {
        model = factories.TryGetValue(name, out var factory) ? factory(shape) : null;
        return model is not null;
    }

    private void AddFrom(Assembly assembly)
    {
        Type[] types;
        try
        {
            types = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            types = [.. e.Types.OfType<Type>()];
        }
        foreach (var type in types)
        {
            var attribute = type.GetCustomAttribute<FineTuneModelAttribute>();
            if (attribute is null || !typeof(FineTuneModule).IsAssignableFrom(type) || type.GetConstructor([typeof(ModelShape)]) is null)
            {
                continue;
            }
            factories.TryAdd(attribute.Name, shape => (FineTuneModule)Activator.CreateInstance(type, shape)!);
        }
    }
}
