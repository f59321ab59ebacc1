using System.Reflection;
using MlOps.Core.Models.Families;

namespace MlOps.Core.Models;

/// <summary>
/// Finds a model by the name a spec gives: the built-in families (<see cref="ModelFamilyBuilders"/>), then [FineTuneModel] classes in the
/// loaded assemblies and in any assembly passed with <c>--models-assembly</c>.
/// </summary>
public sealed class ModelRegistry
{
    private readonly Dictionary<string, Func<ModelShape, FineTuneModule>> factories = ModelFamilyBuilders.All
        .SelectMany(family => family.Names.Select(name => (Name: name, Family: family)))
        .ToDictionary(p => p.Name, p => (Func<ModelShape, FineTuneModule>)(shape => p.Family.Create(p.Name, shape)), StringComparer.Ordinal);

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
