namespace MlOps.Text.Jinja;

/// <summary>Evaluates expressions with Python's operators, Jinja's attribute/item lookup and Undefined, and the filters, tests and globals.</summary>
internal sealed class JinjaExpressions(Func<DateTime> clock)
{
    public JinjaScope Globals() => JinjaGlobals.Scope(clock);

    public object? Eval(JinjaExpr expr, JinjaScope scope)
    {
        switch (expr)
        {
            case LiteralExpr literal:
                return literal.Value;
            case NameExpr name:
                return scope.TryGet(name.Name, out var value) ? value : new JinjaUndefined($"'{name.Name}' is undefined");
            case ListExpr list:
                return list.Items.Select(i => Eval(i, scope)).ToList();
            case DictExpr dict:
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                foreach (var (key, item) in dict.Items)
                {
                    result[Eval(key, scope) as string ?? throw Fail(key, "dictionary keys must be strings here")] = Eval(item, scope);
                }
                return result;
            case AttributeExpr attribute:
                return Attribute(Defined(Eval(attribute.Target, scope), attribute), attribute.Name);
            case ItemExpr item:
                return Item(Defined(Eval(item.Target, scope), item), Eval(item.Index, scope), item);
            case SliceExpr slice:
                return JinjaSlicing.Slice(Defined(Eval(slice.Target, scope), slice), Optional(slice.Start, scope), Optional(slice.Stop, scope), Optional(slice.Step, scope), slice);
            case CallExpr call:
                var callee = Defined(Eval(call.Callee, scope), call);
                if (callee is not JinjaCallable function)
                {
                    throw Fail(call, $"'{JinjaValues.TypeName(callee)}' object is not callable");
                }
                var positional = Positional(call.Arguments, scope);
                var named = Named(call.Arguments, scope);
                try
                {
                    return Guard(call, () => function(positional, named));
                }
                catch (JinjaRaised raised)
                {
                    throw new JinjaError(JinjaErrorKind.Raised, raised.Message, call.Line, call.Column);
                }
            case FilterExpr filter:
                var input = Eval(filter.Value, scope);
                return Guard(filter, () => JinjaFilters.Apply(filter.Name, input, Positional(filter.Arguments, scope), Named(filter.Arguments, scope)));
            case TestExpr test:
                var tested = Eval(test.Value, scope);
                var passed = Guard(test, () => JinjaTests.Apply(test.Name, tested, Positional(test.Arguments, scope)));
                return test.Negated != passed;
            case BinaryExpr { Operator: "and" } and:
                var left = Eval(and.Left, scope);
                return JinjaValues.Truthy(left) ? Eval(and.Right, scope) : left;
            case BinaryExpr { Operator: "or" } or:
                var first = Eval(or.Left, scope);
                return JinjaValues.Truthy(first) ? first : Eval(or.Right, scope);
            case BinaryExpr binary:
                var a = Eval(binary.Left, scope);
                var b = Eval(binary.Right, scope);
                return Guard(binary, () => JinjaOperators.Binary(binary.Operator, a, b));
            case UnaryExpr unary:
                var operand = Eval(unary.Operand, scope);
                return Guard(unary, () => JinjaOperators.Unary(unary.Operator, operand));
            case CompareExpr compare:
                return Compare(compare, scope);
            case ConditionalExpr conditional:
                return JinjaValues.Truthy(Eval(conditional.Test, scope))
                    ? Eval(conditional.Then, scope)
                    : conditional.Else is null ? new JinjaUndefined("the conditional expression has no else") : Eval(conditional.Else, scope);
            default:
                throw Fail(expr, $"cannot evaluate {expr.GetType().Name}");
        }
    }

    /// <summary>What a for loop walks: a list's items, a dict's keys, a string's characters; Undefined is empty.</summary>
    public IEnumerable<object?> Iterate(object? value, JinjaExpr at) => value switch
    {
        JinjaUndefined => [],
        string s => JinjaValues.CodePoints(s),
        IDictionary<string, object?> dict => dict.Keys.Cast<object?>().ToList(),
        IList<object?> list => list.ToList(),
        _ => throw Fail(at, $"'{JinjaValues.TypeName(value)}' object is not iterable"),
    };

    private object? Compare(CompareExpr compare, JinjaScope scope)
    {
        var left = Eval(compare.First, scope);
        foreach (var (op, operandExpr) in compare.Rest)
        {
            var right = Eval(operandExpr, scope);
            var holds = Guard(compare, () => JinjaOperators.Compare(op, left, right));
            if (!holds)
            {
                return false;
            }
            left = right;
        }
        return true;
    }

    /// <summary>Jinja's getattr: a dict's method when it has one by that name, else its key; a string's method; a namespace's attribute.</summary>
    private static object? Attribute(object? target, string name)
    {
        if (JinjaMethods.Bind(target, name) is { } method)
        {
            return method;
        }
        return target switch
        {
            IDictionary<string, object?> dict => dict.TryGetValue(name, out var value) ? value : new JinjaUndefined($"'{JinjaValues.TypeName(target)} object' has no attribute '{name}'"),
            _ => new JinjaUndefined($"'{JinjaValues.TypeName(target)} object' has no attribute '{name}'"),
        };
    }

    /// <summary>Jinja's getitem: the key or index (negative from the end); a missing one is Undefined; a string key falls back to getattr.</summary>
    private static object? Item(object? target, object? index, JinjaExpr at)
    {
        switch (target, index)
        {
            case (IDictionary<string, object?> dict, string key):
                return dict.TryGetValue(key, out var value) ? value : Attribute(target, key) is JinjaCallable m ? m : new JinjaUndefined($"'{JinjaValues.TypeName(target)} object' has no attribute '{key}'");
            case (IList<object?> list, long i):
                var position = i < 0 ? list.Count + i : i;
                return position >= 0 && position < list.Count ? list[(int)position] : new JinjaUndefined($"list index {i} out of range");
            case (string s, long i):
                var points = JinjaValues.CodePoints(s);
                var at2 = i < 0 ? points.Count + i : i;
                return at2 >= 0 && at2 < points.Count ? points[(int)at2] : new JinjaUndefined($"string index {i} out of range");
            case (_, string name):
                return Attribute(target, name);
            default:
                throw Fail(at, $"'{JinjaValues.TypeName(target)}' cannot be indexed by {JinjaValues.TypeName(index)}");
        }
    }

    private object? Optional(JinjaExpr? expr, JinjaScope scope) => expr is null ? null : Eval(expr, scope);

    private List<object?> Positional(CallArguments arguments, JinjaScope scope) => [.. arguments.Positional.Select(a => Eval(a, scope))];

    private Dictionary<string, object?> Named(CallArguments arguments, JinjaScope scope) =>
        arguments.Named.ToDictionary(a => a.Name, a => Eval(a.Value, scope), StringComparer.Ordinal);

    /// <summary>Using an Undefined further (its attribute, item, call) is Jinja's UndefinedError.</summary>
    private static object? Defined(object? value, JinjaExpr at) =>
        value is JinjaUndefined undefined ? throw Fail(at, undefined.Description) : value;

    /// <summary>Python's TypeError/ValueError from an operator, filter or method, placed at the expression.</summary>
    private static T Guard<T>(JinjaExpr at, Func<T> run)
    {
        try
        {
            return run();
        }
        catch (JinjaTypeError e)
        {
            throw Fail(at, e.Message);
        }
    }

    private static JinjaError Fail(JinjaExpr at, string message) => JinjaError.Render(message, at.Line, at.Column);
}

/// <summary>A Python TypeError/ValueError/UndefinedError inside an operator, filter or method; given a position by <see cref="JinjaExpressions"/>.</summary>
internal sealed class JinjaTypeError(string message) : Exception(message);
