using System.Reflection;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MlOps.Core.Models.Adapters;

/// <summary>
/// Replaces one submodule of a built model. TorchSharp keeps a child in up to two places, and both
/// must change or forward and state_dict disagree:
/// <list type="bullet">
/// <item>A custom module calls its children through its own fields, and registers them by name in
/// <c>_internal_submodules</c> (field-based <c>RegisterComponents</c>). We set the field that held the
/// old child (so forward calls the new one), then re-register the name through the public
/// <c>register_module</c>: <c>null</c> removes the old entry, the new module is added (and its own
/// components registered). A field typed <c>Linear</c> cannot hold a wrapper: such a model must declare
/// the field as <c>nn.Module&lt;Tensor, Tensor&gt;</c> to take adapters.</item>
/// <item><c>Sequential</c> runs and names its children from two private lists (<c>_modules</c>,
/// <c>_names</c>) and ignores <c>register_module</c>; there is no public setter, so the entry is
/// replaced in place by reflection (order kept). A test and the check below fail loudly if a TorchSharp
/// upgrade moves these lists.</item>
/// </list>
/// After the swap the new module must be found at the same path, else the swap is reported as failed.
/// </summary>
public static class ModuleSurgery
{
    public static void Replace(nn.Module root, string path, nn.Module<Tensor, Tensor> replacement)
    {
        ArgumentNullException.ThrowIfNull(root);
        var cut = path.LastIndexOf('.');
        var parentPath = cut < 0 ? "" : path[..cut];
        var name = path[(cut + 1)..];
        var parent = parentPath.Length == 0 ? root : root.named_modules().First(m => m.name == parentPath).module;
        var old = parent.named_children().First(c => c.name == name).module;
        if (parent is Sequential sequential)
        {
            ReplaceInSequential(sequential, name, replacement);
        }
        else
        {
            ReplaceField(parent, old, name, replacement);
        }
        if (!root.named_modules().Any(m => m.name == path && ReferenceEquals(m.module, replacement)))
        {
            throw new InvalidOperationException($"replacing '{path}' did not take effect (TorchSharp's module registration changed?)");
        }
    }

    private static void ReplaceInSequential(Sequential sequential, string name, nn.Module<Tensor, Tensor> replacement)
    {
        const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance;
        var modules = typeof(Sequential).GetField("_modules", Private)?.GetValue(sequential) as List<nn.IModule<Tensor, Tensor>>;
        var names = typeof(Sequential).GetField("_names", Private)?.GetValue(sequential) as List<string>;
        var index = names?.IndexOf(name) ?? -1;
        if (modules is null || index < 0 || index >= modules.Count)
        {
            throw new InvalidOperationException("TorchSharp's Sequential no longer keeps its children in _modules/_names: the adapter cannot replace them");
        }
        modules[index] = replacement;
    }

    private static void ReplaceField(nn.Module parent, nn.Module old, string name, nn.Module<Tensor, Tensor> replacement)
    {
        var fields = new List<FieldInfo>();
        for (var type = parent.GetType(); type is not null && type != typeof(nn.Module); type = type.BaseType)
        {
            fields.AddRange(type.GetFields(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(f => ReferenceEquals(f.GetValue(parent), old)));
        }
        if (fields.Count == 0)
        {
            throw new NotSupportedException($"{parent.GetType().Name} does not hold '{name}' in a field, so it cannot be replaced; hold it in a field (or a Sequential)");
        }
        foreach (var field in fields)
        {
            if (!field.FieldType.IsInstanceOfType(replacement))
            {
                throw new NotSupportedException(
                    $"{parent.GetType().Name}.{field.Name} is typed {field.FieldType.Name}, which cannot hold a LoRA wrapper; declare it as nn.Module<Tensor, Tensor>");
            }
            field.SetValue(parent, replacement);
        }
        parent.register_module(name, null!);
        parent.register_module(name, replacement);
    }
}
