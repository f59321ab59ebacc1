using System.Xml.Linq;
using MlOps.Contracts.Diagnostics;
using MlOps.Contracts.Results;
using MlOps.Core.Gates;
using MlOps.Core.Reporting;
using MlOps.Specs.Model;

namespace MlOps.Core.Tests.Reporting;

public sealed class JunitReportTests
{
    [Fact]
    public void One_testcase_per_gate_and_a_failure_only_for_failed_error_gates()
    {
        var xml = XDocument.Parse(JunitReport.Render(SampleRun.Create()));

        var cases = xml.Descendants("testcase").ToList();
        Assert.Equal(3, cases.Count);
        Assert.Equal("1", xml.Root!.Attribute("failures")!.Value);
        var failed = Assert.Single(cases, c => c.Element("failure") is not null);
        Assert.Equal("accuracy min 0.95", failed.Attribute("name")!.Value);
        Assert.Equal("31", failed.Attribute("line")!.Value);
        Assert.Contains("short by 0.076", failed.Element("failure")!.Attribute("message")!.Value, StringComparison.Ordinal);
        var warning = cases.Single(c => c.Attribute("name")!.Value == "log_loss max 0.5");
        Assert.StartsWith("warning MLOPS512", warning.Element("system-out")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Markup_and_control_characters_in_gate_text_stay_well_formed()
    {
        var hostile = new GateResult
        {
            Name = "a<b>&\"c\"\u0001", Metric = "m", Kind = GateResultKind.Metric, Comparison = ">=", Passed = false,
            Message = "]]><x/>", Location = new SourceLocation("spec.yaml", 3, 1),
        };
        var run = SampleRun.Create() with { Gates = [hostile] };

        var xml = XDocument.Parse(JunitReport.Render(run));

        var testcase = xml.Descendants("testcase").Single();
        Assert.Equal("a<b>&\"c\"", testcase.Attribute("name")!.Value);
        Assert.Equal("]]><x/>", testcase.Element("failure")!.Attribute("message")!.Value);
    }
}
