// Loads tasks/net472/MlOps.Build.dll the way .NET Framework MSBuild does (Assembly.LoadFrom from
// its own folder, MSBuild's assemblies beside the host) and runs ComputeFineTuneFingerprint on
// one spec (or ReadFineTuneResults on a result.json). C# 7 only: Mono's mcs compiles it. See run.sh.
using System;
using System.Collections;
using System.Reflection;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

internal sealed class ConsoleEngine : IBuildEngine
{
    public int Errors;
    public bool ContinueOnError { get { return false; } }
    public int LineNumberOfTaskNode { get { return 0; } }
    public int ColumnNumberOfTaskNode { get { return 0; } }
    public string ProjectFileOfTaskNode { get { return "smoke.proj"; } }

    public void LogErrorEvent(BuildErrorEventArgs e)
    {
        Errors++;
        Console.WriteLine("{0}{1}: error {2}: {3}", e.File, Position(e.LineNumber, e.ColumnNumber), e.Code, e.Message);
    }

    public void LogWarningEvent(BuildWarningEventArgs e)
    {
        Console.WriteLine("{0}{1}: warning {2}: {3}", e.File, Position(e.LineNumber, e.ColumnNumber), e.Code, e.Message);
    }

    // As MSBuild prints it: no position when the line is unknown.
    private static string Position(int line, int column)
    {
        return line > 0 ? "(" + line + "," + column + ")" : "";
    }

    public void LogMessageEvent(BuildMessageEventArgs e) { Console.WriteLine("message: " + e.Message); }
    public void LogCustomEvent(CustomBuildEventArgs e) { }
    public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) { return false; }
}

internal static class Program
{
    // args: <tasks folder>/MlOps.Build.dll <spec.yaml> <output folder> <repository root>
    //   or: <tasks folder>/MlOps.Build.dll --results <result.json>
    private static int Main(string[] args)
    {
        var tasks = Assembly.LoadFrom(args[0]);
        if (args[1] == "--results")
        {
            return ReadResults(tasks, args[2]);
        }
        var task = (ITask)Activator.CreateInstance(tasks.GetType("MlOps.Build.Tasks.ComputeFineTuneFingerprint", true));
        var engine = new ConsoleEngine();
        task.BuildEngine = engine;
        Set(task, "Specs", new ITaskItem[] { new TaskItem(args[1]) });
        Set(task, "OutputPath", args[2]);
        Set(task, "RepositoryRoot", args[3]);
        var succeeded = task.Execute();
        foreach (ITaskItem planned in (ITaskItem[])task.GetType().GetProperty("PlannedSpecs").GetValue(task))
        {
            Console.WriteLine("planned {0}: fingerprint {1}", planned.GetMetadata("SpecName"), planned.GetMetadata("Fingerprint"));
        }
        Console.WriteLine("runtime {0}; loaded from {1}", Environment.Version, tasks.Location);
        foreach (var loaded in AppDomain.CurrentDomain.GetAssemblies())
        {
            Console.WriteLine("loaded {0} from {1}", loaded.GetName(), loaded.IsDynamic ? "(dynamic)" : loaded.Location);
        }
        Console.WriteLine("result: {0}, {1} error(s)", succeeded ? "succeeded" : "failed", engine.Errors);
        return succeeded ? 0 : 1;
    }

    private static int ReadResults(Assembly tasks, string resultFile)
    {
        var task = (ITask)Activator.CreateInstance(tasks.GetType("MlOps.Build.Tasks.ReadFineTuneResults", true));
        var engine = new ConsoleEngine();
        task.BuildEngine = engine;
        var spec = new TaskItem("tiny.yaml");
        spec.SetMetadata("SpecName", "tiny");
        spec.SetMetadata("ResultFile", resultFile);
        Set(task, "Specs", new ITaskItem[] { spec });
        var succeeded = task.Execute();
        foreach (ITaskItem result in (ITaskItem[])task.GetType().GetProperty("Results").GetValue(task))
        {
            Console.WriteLine("result {0}: verdict {1} passed {2} run {3} accuracy {4} log_loss {5}", result.GetMetadata("SpecName"), result.GetMetadata("Verdict"),
                result.GetMetadata("Passed"), result.GetMetadata("RunId"), result.GetMetadata("accuracy"), result.GetMetadata("log_loss"));
        }
        return succeeded ? 0 : 1;
    }

    private static void Set(ITask task, string name, object value)
    {
        task.GetType().GetProperty(name).SetValue(task, value);
    }
}
