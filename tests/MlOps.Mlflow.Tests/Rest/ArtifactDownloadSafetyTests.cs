using System.Net;
using System.Text;
using MlOps.Mlflow.Rest;
using MlOps.Mlflow.Tests.Fakes;

namespace MlOps.Mlflow.Tests.Rest;

/// <summary>Artifact paths cannot leave the run (nor the download folder), and a failed download leaves nothing half written.</summary>
public sealed class ArtifactDownloadSafetyTests
{
    private static readonly MlflowRunInfo Run = new("0123456789abcdef0123456789abcdef", "1", "r", MlflowRunStatus.Finished, 1, 2, "mlflow-artifacts:/1/0123456789abcdef0123456789abcdef/artifacts", "active");

    [Theory]
    [InlineData("../other-run/artifacts/x")]
    [InlineData("docs/../../x")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/x")]
    public async Task A_path_that_could_escape_is_refused_before_any_request(string path)
    {
        var handler = new StubHandler(_ => throw new InvalidOperationException("no request expected"));
        using var rest = new MlflowRestClient(TestClients.FastOptions(new Uri("http://127.0.0.1:9/")), new HttpClient(handler));

        await Assert.ThrowsAsync<ArgumentException>(() => rest.ListArtifactsAsync(Run, path));
        await Assert.ThrowsAsync<ArgumentException>(() => rest.DownloadArtifactAsync(Run, path, Path.Combine(TestClients.TempDirectory(), "x")));
        Assert.Equal(0, handler.Calls);
    }

    [Fact]
    public async Task A_listed_name_that_could_escape_is_refused()
    {
        // As MLflow's client (validate_path_is_safe): a server must not steer a download outside the folder.
        var handler = new StubHandler(_ => Json("""{"files": [{"path": "../../evil", "is_dir": false, "file_size": "1"}]}"""));
        using var rest = new MlflowRestClient(TestClients.FastOptions(new Uri("http://127.0.0.1:9/")), new HttpClient(handler));

        await Assert.ThrowsAsync<ArgumentException>(() => rest.ListArtifactsAsync(Run, null));
    }

    [Fact]
    public async Task A_download_cut_off_keeps_the_old_file_and_leaves_no_temp_file()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new FailingStream()) });
        using var rest = new MlflowRestClient(TestClients.FastOptions(new Uri("http://127.0.0.1:9/")), new HttpClient(handler));
        var folder = TestClients.TempDirectory();
        var target = Path.Combine(folder, "model.onnx");
        File.WriteAllText(target, "previous");

        await Assert.ThrowsAsync<MlflowUnavailableException>(() => rest.DownloadArtifactAsync(Run, "model/model.onnx", target));

        Assert.Equal(4, handler.Calls); // the first try and 3 retries, each into a fresh temp file
        Assert.Equal("previous", File.ReadAllText(target));
        Assert.Equal([target], Directory.EnumerateFiles(folder));
    }

    [Fact]
    public async Task A_download_streams_into_place_through_the_proxy_path()
    {
        var handler = new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent([0, 1, 2, 255]) });
        using var rest = new MlflowRestClient(TestClients.FastOptions(new Uri("http://127.0.0.1:9/")), new HttpClient(handler));
        var target = Path.Combine(TestClients.TempDirectory(), "sub", "a b.bin");

        await rest.DownloadArtifactAsync(Run, "model/a b.bin", target);

        Assert.Equal([0, 1, 2, 255], File.ReadAllBytes(target));
        Assert.Equal("/api/2.0/mlflow-artifacts/artifacts/1/0123456789abcdef0123456789abcdef/artifacts/model/a%20b.bin", handler.LastUri!.AbsolutePath);
    }

    private static HttpResponseMessage Json(string text) =>
        new(HttpStatusCode.OK) { Content = new StringContent(text, Encoding.UTF8, "application/json") };

    private sealed class StubHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public int Calls { get; private set; }

        public Uri? LastUri { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Calls++;
            LastUri = request.RequestUri;
            return Task.FromResult(answer(request));
        }
    }

    /// <summary>Gives a few bytes, then fails as a dropped connection does.</summary>
    private sealed class FailingStream : Stream
    {
        private bool gave;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (gave)
            {
                throw new IOException("connection reset");
            }
            gave = true;
            buffer[offset] = 42;
            return 1;
        }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
