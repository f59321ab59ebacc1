using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using MlOps.Contracts.Results;
using MlOps.Core.Evaluation;
using MlOps.Core.Gates;
using MlOps.Core.Pipeline;
using MlOps.Specs.Model;

namespace MlOps.Core.Reporting;

/// <summary>
/// junit.xml: one testcase per gate, so CI test reporters show gates as tests. A failed
/// error-severity gate has a &lt;failure&gt;; every gate's message (a failed warning-gate's too)
/// goes to &lt;system-out&gt;.
/// </summary>
public static class JunitReport
{
    public static string Render(RunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var failures = result.Gates.Count(g => !g.Passed && g.Severity == Severity.Error);
        var suiteName = Clean($"mlops {result.Spec.Name}");
        var suite = new XElement("testsuite",
            new XAttribute("name", suiteName),
            new XAttribute("tests", result.Gates.Count),
            new XAttribute("failures", failures),
            new XAttribute("errors", 0),
            new XAttribute("timestamp", result.Timings.FinishedAt.ToString("s", CultureInfo.InvariantCulture)));
        foreach (var gate in result.Gates)
        {
            var testcase = new XElement("testcase",
                new XAttribute("classname", Clean($"mlops.{result.Spec.Name}.{JsonName.Of(gate.Kind)}")),
                new XAttribute("name", Clean(gate.Name)),
                new XAttribute("file", Clean(gate.Location.File)),
                new XAttribute("line", gate.Location.Line));
            if (!gate.Passed && gate.Severity == Severity.Error)
            {
                testcase.Add(new XElement("failure",
                    new XAttribute("message", Clean(gate.Message)),
                    new XAttribute("type", GateErrorCodes.GateFailed),
                    Clean($"{gate.Location}: error {GateErrorCodes.GateFailed}: {gate.Message}")));
            }
            if (gate.Skipped)
            {
                testcase.Add(new XElement("skipped", new XAttribute("message", Clean("skipped (no champion yet)"))));
            }
            var prefix = !gate.Passed && gate.Severity == Severity.Warning ? $"warning {GateErrorCodes.GateWarning}: " : "";
            testcase.Add(new XElement("system-out", Clean(prefix + gate.Message)));
            suite.Add(testcase);
        }
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null),
            new XElement("testsuites", new XAttribute("name", suiteName), new XAttribute("tests", result.Gates.Count), new XAttribute("failures", failures), suite));
        using var writer = new Utf8StringWriter();
        document.Save(writer);
        return writer.ToString();
    }

    /// <summary>Drops characters XML 1.0 cannot carry at all (control characters); the writer escapes the rest.</summary>
    private static string Clean(string text) => new([.. text.Where(XmlConvert.IsXmlChar)]);

    private sealed class Utf8StringWriter : StringWriter
    {
        public Utf8StringWriter() : base(CultureInfo.InvariantCulture) { }

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;
    }
}
