namespace MlOps.Mlflow.Tests.Core;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("hf.token")]
    [InlineData("db_password")]
    [InlineData("clientSecret")]
    [InlineData("api_key")]
    [InlineData("aws.credentials")]
    [InlineData("training.apiKey")]
    [InlineData("aws.secret_access_key")]
    [InlineData("ssh.private_key")]
    public void Secret_looking_keys_are_redacted(string key) =>
        Assert.Equal(SecretRedactor.Redacted, SecretRedactor.Redact(key, "hunter2"));

    [Theory]
    [InlineData("training.optimizer.lr")]
    [InlineData("monkey")]
    [InlineData("data.label")]
    [InlineData("keyboard_layout")]
    public void Ordinary_keys_keep_their_value(string key) =>
        Assert.Equal("0.001", SecretRedactor.Redact(key, "0.001"));

    [Theory]
    [InlineData("training.layer_lr.0.key", "backbone.*")]
    [InlineData("training.layer_lr.1.key", "head.*")]
    [InlineData("data.key", "id")]
    [InlineData("sort_key", "created_at")]
    public void The_word_key_alone_hides_nothing(string key, string value) =>
        Assert.Equal(value, SecretRedactor.Redact(key, value));

    [Theory]
    [InlineData("ghp_0123456789abcdefghijABCDEFGHIJ012345")]
    [InlineData("hf_abcdefghijklmnopqrstuvwxyzABCDEF")]
    [InlineData("sk-proj-abcdefghijklmnopqrstuvwx")]
    [InlineData("AKIAIOSFODNN7EXAMPLE")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U")]
    [InlineData("Bearer abcdefghijklmnop")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIE...")]
    public void Values_shaped_like_secrets_are_redacted_whatever_the_key(string value) =>
        Assert.Equal(SecretRedactor.Redacted, SecretRedactor.Redact("notes", value));

    [Fact]
    public void A_url_keeps_everything_but_its_credentials() =>
        Assert.Equal("https://***@mlflow.example/api?x=1", SecretRedactor.Redact("tracking.uri", "https://ada:hunter2@mlflow.example/api?x=1"));

    [Theory]
    [InlineData("https://mlflow.example:5000/")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    [InlineData("models/base.safetensors")]
    public void Urls_without_credentials_digests_and_paths_stay(string value) =>
        Assert.Equal(value, SecretRedactor.Redact("source", value));
}
