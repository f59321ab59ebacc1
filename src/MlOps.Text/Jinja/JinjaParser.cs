namespace MlOps.Text.Jinja;

/// <summary>
/// Recursive descent over <see cref="JinjaLexer"/>'s tokens with Jinja's grammar and precedence:
/// conditional, or, and, not, comparisons, + -, ~, * / // %, **, unary, then postfix (.attr, [i], [a:b], calls)
/// and filters/tests. Statements: if/elif/else, for (with a loop filter and else), set (plain, namespace
/// attribute, block), break/continue, and transformers' generation block.
/// </summary>
internal sealed class JinjaParser
{
    private static readonly HashSet<string> CompareOperators = ["==", "!=", "<", ">", "<=", ">="];
    private readonly List<JinjaToken> tokens;
    private int index;

    private JinjaParser(List<JinjaToken> tokens) => this.tokens = tokens;

    private JinjaToken Current => tokens[index];

    public static IReadOnlyList<JinjaNode> Parse(string text)
    {
        var parser = new JinjaParser(JinjaLexer.Tokenize(text));
        var body = parser.Body([]);
        if (parser.Current.Kind != JinjaTokenKind.End)
        {
            throw parser.Error($"unexpected tag {parser.tokens[parser.index + 1]}");
        }
        return body;
    }

    /// <summary>Statements up to a block tag whose name is in <paramref name="endTags"/> (left unconsumed: index at its "{%").</summary>
    private List<JinjaNode> Body(HashSet<string> endTags)
    {
        var nodes = new List<JinjaNode>();
        while (true)
        {
            var token = Current;
            switch (token.Kind)
            {
                case JinjaTokenKind.End:
                    if (endTags.Count > 0)
                    {
                        throw Error($"the template ends before {string.Join(" or ", endTags.Select(t => $"'{{% {t} %}}'"))}");
                    }
                    return nodes;
                case JinjaTokenKind.Data:
                    nodes.Add(new TextNode(token.Text, token.Line, token.Column));
                    index++;
                    break;
                case JinjaTokenKind.VariableBegin:
                    index++;
                    var value = Tuple(conditional: true);
                    Expect(JinjaTokenKind.VariableEnd, "'}}'");
                    nodes.Add(new OutputNode(value, token.Line, token.Column));
                    break;
                case JinjaTokenKind.BlockBegin:
                    var name = tokens[index + 1];
                    if (name.Kind == JinjaTokenKind.Name && endTags.Contains(name.Text))
                    {
                        return nodes;
                    }
                    index++;
                    nodes.Add(Statement(token));
                    break;
                default:
                    throw Error($"unexpected {token}");
            }
        }
    }

    private JinjaNode Statement(JinjaToken begin)
    {
        var keyword = Current;
        if (keyword.Kind != JinjaTokenKind.Name)
        {
            throw Error($"a tag name was expected, not {keyword}");
        }
        index++;
        switch (keyword.Text)
        {
            case "if":
                return If(begin);
            case "for":
                return For(begin);
            case "set":
                return Set(begin);
            case "break" or "continue":
                Expect(JinjaTokenKind.BlockEnd, "'%}'");
                return new LoopControlNode(keyword.Text == "break", begin.Line, begin.Column);
            case "generation":
                Expect(JinjaTokenKind.BlockEnd, "'%}'");
                var body = Body(["endgeneration"]);
                EndTag("endgeneration");
                return new IfNode([(new LiteralExpr(true, begin.Line, begin.Column), body)], [], begin.Line, begin.Column);
            default:
                throw JinjaError.Parse($"the tag '{keyword.Text}' is not supported here (MlOps renders if, for, set, break, continue and generation; macros, includes and blocks are not)", keyword.Line, keyword.Column);
        }
    }

    private IfNode If(JinjaToken begin)
    {
        var branches = new List<(JinjaExpr, IReadOnlyList<JinjaNode>)>();
        var test = Tuple(conditional: false);
        Expect(JinjaTokenKind.BlockEnd, "'%}'");
        while (true)
        {
            var body = Body(["elif", "else", "endif"]);
            branches.Add((test, body));
            index++; // "{%"
            var tag = Current.Text;
            index++;
            if (tag == "elif")
            {
                test = Tuple(conditional: false);
                Expect(JinjaTokenKind.BlockEnd, "'%}'");
                continue;
            }
            Expect(JinjaTokenKind.BlockEnd, "'%}'");
            if (tag == "else")
            {
                var elseBody = Body(["endif"]);
                EndTag("endif");
                return new IfNode(branches, elseBody, begin.Line, begin.Column);
            }
            return new IfNode(branches, [], begin.Line, begin.Column);
        }
    }

    private ForNode For(JinjaToken begin)
    {
        var targets = Targets();
        if (!Current.IsName("in"))
        {
            throw Error($"'in' was expected after the loop variable, not {Current}");
        }
        index++;
        var items = Tuple(conditional: false);
        JinjaExpr? filter = null;
        if (Current.IsName("if"))
        {
            index++;
            filter = Tuple(conditional: true);
        }
        if (Current.IsName("recursive"))
        {
            throw Error("recursive loops are not supported");
        }
        Expect(JinjaTokenKind.BlockEnd, "'%}'");
        var body = Body(["else", "endfor"]);
        IReadOnlyList<JinjaNode> elseBody = [];
        if (tokens[index + 1].IsName("else"))
        {
            index += 2;
            Expect(JinjaTokenKind.BlockEnd, "'%}'");
            elseBody = Body(["endfor"]);
        }
        EndTag("endfor");
        return new ForNode(targets, items, filter, body, elseBody, begin.Line, begin.Column);
    }

    private SetNode Set(JinjaToken begin)
    {
        var first = ExpectName();
        if (Current.IsOperator("."))
        {
            index++;
            var attribute = ExpectName();
            ExpectOperator("=");
            var value = Tuple(conditional: true);
            Expect(JinjaTokenKind.BlockEnd, "'%}'");
            return new SetNode([first], attribute, value, null, begin.Line, begin.Column);
        }
        var targets = new List<string> { first };
        while (Current.IsOperator(","))
        {
            index++;
            targets.Add(ExpectName());
        }
        if (Current.Kind == JinjaTokenKind.BlockEnd && targets.Count == 1)
        {
            index++;
            var body = Body(["endset"]);
            EndTag("endset");
            return new SetNode(targets, null, null, body, begin.Line, begin.Column);
        }
        ExpectOperator("=");
        var expr = Tuple(conditional: true);
        Expect(JinjaTokenKind.BlockEnd, "'%}'");
        return new SetNode(targets, null, expr, null, begin.Line, begin.Column);
    }

    private List<string> Targets()
    {
        var parenthesized = Current.IsOperator("(");
        if (parenthesized)
        {
            index++;
        }
        var names = new List<string> { ExpectName() };
        while (Current.IsOperator(","))
        {
            index++;
            names.Add(ExpectName());
        }
        if (parenthesized)
        {
            ExpectOperator(")");
        }
        return names;
    }

    private void EndTag(string name)
    {
        index++; // "{%"
        if (!Current.IsName(name))
        {
            throw Error($"'{{% {name} %}}' was expected, not {Current}");
        }
        index++;
        Expect(JinjaTokenKind.BlockEnd, "'%}'");
    }

    /// <summary>An expression, or several separated by commas (a tuple, evaluated as a list).</summary>
    private JinjaExpr Tuple(bool conditional)
    {
        var start = Current;
        var first = conditional ? Expression() : Or();
        if (!Current.IsOperator(","))
        {
            return first;
        }
        var items = new List<JinjaExpr> { first };
        while (Current.IsOperator(","))
        {
            index++;
            if (Current.Kind is JinjaTokenKind.BlockEnd or JinjaTokenKind.VariableEnd || Current.IsOperator(")"))
            {
                break;
            }
            items.Add(conditional ? Expression() : Or());
        }
        return new ListExpr(items, start.Line, start.Column);
    }

    private JinjaExpr Expression()
    {
        var value = Or();
        while (Current.IsName("if"))
        {
            var at = Current;
            index++;
            var test = Or();
            JinjaExpr? otherwise = null;
            if (Current.IsName("else"))
            {
                index++;
                otherwise = Expression();
            }
            value = new ConditionalExpr(test, value, otherwise, at.Line, at.Column);
        }
        return value;
    }

    private JinjaExpr Or() => LeftAssociative(And, "or");

    private JinjaExpr And() => LeftAssociative(Not, "and");

    private JinjaExpr LeftAssociative(Func<JinjaExpr> operand, string keyword)
    {
        var left = operand();
        while (Current.IsName(keyword))
        {
            var at = Current;
            index++;
            left = new BinaryExpr(keyword, left, operand(), at.Line, at.Column);
        }
        return left;
    }

    private JinjaExpr Not()
    {
        if (Current.IsName("not"))
        {
            var at = Current;
            index++;
            return new UnaryExpr("not", Not(), at.Line, at.Column);
        }
        return Compare();
    }

    private JinjaExpr Compare()
    {
        var start = Current;
        var first = Math1();
        var rest = new List<(string, JinjaExpr)>();
        while (true)
        {
            if (Current.Kind == JinjaTokenKind.Operator && CompareOperators.Contains(Current.Text))
            {
                var op = Current.Text;
                index++;
                rest.Add((op, Math1()));
            }
            else if (Current.IsName("in"))
            {
                index++;
                rest.Add(("in", Math1()));
            }
            else if (Current.IsName("not") && tokens[index + 1].IsName("in"))
            {
                index += 2;
                rest.Add(("not in", Math1()));
            }
            else
            {
                break;
            }
        }
        return rest.Count == 0 ? first : new CompareExpr(first, rest, start.Line, start.Column);
    }

    private JinjaExpr Math1() => Binary(Concat, "+", "-");

    private JinjaExpr Concat() => Binary(Math2, "~");

    private JinjaExpr Math2() => Binary(Power, "*", "/", "//", "%");

    private JinjaExpr Power() => Binary(() => Unary(true), "**");

    private JinjaExpr Binary(Func<JinjaExpr> operand, params string[] operators)
    {
        var left = operand();
        while (Current.Kind == JinjaTokenKind.Operator && operators.Contains(Current.Text))
        {
            var at = Current;
            index++;
            left = new BinaryExpr(at.Text, left, operand(), at.Line, at.Column);
        }
        return left;
    }

    private JinjaExpr Unary(bool withFilter)
    {
        var at = Current;
        JinjaExpr node;
        if (at.IsOperator("-") || at.IsOperator("+"))
        {
            index++;
            node = new UnaryExpr(at.Text, Unary(false), at.Line, at.Column);
        }
        else
        {
            node = Primary();
        }
        node = Postfix(node);
        return withFilter ? FiltersAndTests(node) : node;
    }

    private JinjaExpr Primary()
    {
        var token = Current;
        index++;
        switch (token.Kind)
        {
            case JinjaTokenKind.Name:
                return token.Text switch
                {
                    "true" or "True" => new LiteralExpr(true, token.Line, token.Column),
                    "false" or "False" => new LiteralExpr(false, token.Line, token.Column),
                    "none" or "None" => new LiteralExpr(null, token.Line, token.Column),
                    _ => new NameExpr(token.Text, token.Line, token.Column),
                };
            case JinjaTokenKind.String:
                var text = token.Text;
                while (Current.Kind == JinjaTokenKind.String)
                {
                    text += Current.Text; // adjacent literals concatenate, as in Python
                    index++;
                }
                return new LiteralExpr(text, token.Line, token.Column);
            case JinjaTokenKind.Integer or JinjaTokenKind.Float:
                return new LiteralExpr(token.Value, token.Line, token.Column);
            case JinjaTokenKind.Operator when token.Text == "(":
                if (Current.IsOperator(")"))
                {
                    index++;
                    return new ListExpr([], token.Line, token.Column);
                }
                var inner = Tuple(conditional: true);
                ExpectOperator(")");
                return inner;
            case JinjaTokenKind.Operator when token.Text == "[":
                var items = new List<JinjaExpr>();
                while (!Current.IsOperator("]"))
                {
                    items.Add(Expression());
                    if (!Current.IsOperator(","))
                    {
                        break;
                    }
                    index++;
                }
                ExpectOperator("]");
                return new ListExpr(items, token.Line, token.Column);
            case JinjaTokenKind.Operator when token.Text == "{":
                var pairs = new List<(JinjaExpr, JinjaExpr)>();
                while (!Current.IsOperator("}"))
                {
                    var key = Expression();
                    ExpectOperator(":");
                    pairs.Add((key, Expression()));
                    if (!Current.IsOperator(","))
                    {
                        break;
                    }
                    index++;
                }
                ExpectOperator("}");
                return new DictExpr(pairs, token.Line, token.Column);
            default:
                index--;
                throw Error($"an expression was expected, not {token}");
        }
    }

    private JinjaExpr Postfix(JinjaExpr node)
    {
        while (true)
        {
            var at = Current;
            if (at.IsOperator("."))
            {
                index++;
                var name = Current;
                if (name.Kind is not (JinjaTokenKind.Name or JinjaTokenKind.Integer))
                {
                    throw Error($"an attribute name was expected after '.', not {name}");
                }
                index++;
                node = name.Kind == JinjaTokenKind.Integer
                    ? new ItemExpr(node, new LiteralExpr(name.Value, name.Line, name.Column), at.Line, at.Column)
                    : new AttributeExpr(node, name.Text, at.Line, at.Column);
            }
            else if (at.IsOperator("["))
            {
                index++;
                node = Subscript(node, at);
            }
            else if (at.IsOperator("("))
            {
                index++;
                node = new CallExpr(node, Arguments(), at.Line, at.Column);
            }
            else
            {
                return node;
            }
        }
    }

    private JinjaExpr Subscript(JinjaExpr target, JinjaToken at)
    {
        JinjaExpr? start = null, stop = null, step = null;
        if (!Current.IsOperator(":"))
        {
            start = Expression();
            if (Current.IsOperator("]"))
            {
                index++;
                return new ItemExpr(target, start, at.Line, at.Column);
            }
        }
        ExpectOperator(":");
        if (!Current.IsOperator("]") && !Current.IsOperator(":"))
        {
            stop = Expression();
        }
        if (Current.IsOperator(":"))
        {
            index++;
            if (!Current.IsOperator("]"))
            {
                step = Expression();
            }
        }
        ExpectOperator("]");
        return new SliceExpr(target, start, stop, step, at.Line, at.Column);
    }

    /// <summary>Call arguments after "(": positional, then name=value.</summary>
    private CallArguments Arguments()
    {
        var positional = new List<JinjaExpr>();
        var named = new List<(string, JinjaExpr)>();
        while (!Current.IsOperator(")"))
        {
            if (Current.Kind == JinjaTokenKind.Name && tokens[index + 1].IsOperator("="))
            {
                var name = Current.Text;
                index += 2;
                named.Add((name, Expression()));
            }
            else
            {
                positional.Add(Expression());
            }
            if (!Current.IsOperator(","))
            {
                break;
            }
            index++;
        }
        ExpectOperator(")");
        return new CallArguments(positional, named);
    }

    private JinjaExpr FiltersAndTests(JinjaExpr node)
    {
        while (true)
        {
            var at = Current;
            if (at.IsOperator("|"))
            {
                index++;
                var name = Known(JinjaFilters.Names, "filter");
                var arguments = CallArguments.None;
                if (Current.IsOperator("("))
                {
                    index++;
                    arguments = Arguments();
                }
                node = new FilterExpr(node, name, arguments, at.Line, at.Column);
            }
            else if (at.IsName("is"))
            {
                index++;
                var negated = Current.IsName("not");
                if (negated)
                {
                    index++;
                }
                var name = Known(JinjaTests.Names, "test");
                var arguments = CallArguments.None;
                if (Current.IsOperator("("))
                {
                    index++;
                    arguments = Arguments();
                }
                else if (Current.Kind is JinjaTokenKind.String or JinjaTokenKind.Integer or JinjaTokenKind.Float
                    || (Current.Kind == JinjaTokenKind.Name && Current.Text is not ("else" or "or" or "and" or "if" or "in" or "not" or "is")))
                {
                    arguments = new CallArguments([Postfix(Primary())], []);
                }
                node = new TestExpr(node, name, arguments, negated, at.Line, at.Column);
            }
            else if (at.IsOperator("("))
            {
                index++;
                node = new CallExpr(node, Arguments(), at.Line, at.Column);
            }
            else
            {
                return node;
            }
        }
    }

    private string Known(IReadOnlySet<string> names, string what)
    {
        var token = Current;
        var name = ExpectName();
        return names.Contains(name) ? name
            : throw JinjaError.Parse($"no {what} named '{name}' (MlOps knows {string.Join(", ", names.Order(StringComparer.Ordinal))})", token.Line, token.Column);
    }

    private string ExpectName()
    {
        var token = Current;
        if (token.Kind != JinjaTokenKind.Name)
        {
            throw Error($"a name was expected, not {token}");
        }
        index++;
        return token.Text;
    }

    private void ExpectOperator(string op)
    {
        if (!Current.IsOperator(op))
        {
            throw Error($"'{op}' was expected, not {Current}");
        }
        index++;
    }

    private void Expect(JinjaTokenKind kind, string what)
    {
        if (Current.Kind != kind)
        {
            throw Error($"{what} was expected, not {Current}");
        }
        index++;
    }

    private JinjaError Error(string message) => JinjaError.Parse(message, Current.Line, Current.Column);
}
