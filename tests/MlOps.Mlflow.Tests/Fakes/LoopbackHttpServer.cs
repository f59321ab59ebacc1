using System.Net;

namespace MlOps.Mlflow.Tests.Fakes;

/// <summary>
/// The listening half every test server shares: an <see cref="HttpListener"/> on a free 127.0.0.1 port
/// that hands each request to a handler, each on its own task as a real server answers, or one at a
/// time in arrival order (the hosted stand-ins, whose recorded request order the tests read).
/// </summary>
internal sealed class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stop = new();
    private readonly Func<HttpListenerContext, Task> handle;
    private readonly bool oneAtATime;

    public LoopbackHttpServer(Func<HttpListenerContext, Task> handle, bool oneAtATime = false)
    {
        this.handle = handle;
        this.oneAtATime = oneAtATime;
        Uri = new Uri($"http://127.0.0.1:{FakeMlflowServer.FreePort()}/");
        listener.Prefixes.Add(Uri.AbsoluteUri);
        listener.Start();
        _ = Task.Run(AcceptLoop);
    }

    public Uri Uri { get; }

    private async Task AcceptLoop()
    {
        while (!stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (stop.IsCancellationRequested || !listener.IsListening)
            {
                return;
            }
            if (oneAtATime)
            {
                await handle(context);
            }
            else
            {
                _ = Task.Run(() => handle(context));
            }
        }
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Close();
        stop.Dispose();
    }
}
