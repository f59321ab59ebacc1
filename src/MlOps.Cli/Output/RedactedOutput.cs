using System.CommandLine;
using MlOps.Core.Host;

namespace MlOps.Cli.Output;

/// <summary>
/// The one place where secrets are taken out of what the mlops command prints: the process's
/// stdout and stderr (Spectre's console and every direct Console write go through them) and the
/// writers of an invocation (tests, hosts that capture output) are wrapped in a <see cref="RedactingWriter"/>.
/// </summary>
internal static class RedactedOutput
{
    private static readonly Lock Gate = new();
    private static KnownSecrets current = KnownSecrets.FromEnvironment();
    private static bool consoleWrapped;

    /// <summary>Reads the secrets of the environment now, wraps the console once per process and the invocation's own writers (once: a front end may apply it before the CLI does).</summary>
    public static void Apply(InvocationConfiguration configuration)
    {
        lock (Gate)
        {
            current = KnownSecrets.FromEnvironment();
            if (!consoleWrapped)
            {
                Console.SetOut(new RedactingWriter(Console.Out, () => current));
                Console.SetError(new RedactingWriter(Console.Error, () => current));
                consoleWrapped = true;
            }
        }
        var secrets = current;
        if (!ReferenceEquals(configuration.Output, Console.Out) && configuration.Output is not RedactingWriter)
        {
            configuration.Output = new RedactingWriter(configuration.Output, () => secrets);
        }
        if (!ReferenceEquals(configuration.Error, Console.Error) && configuration.Error is not RedactingWriter)
        {
            configuration.Error = new RedactingWriter(configuration.Error, () => secrets);
        }
    }
}
