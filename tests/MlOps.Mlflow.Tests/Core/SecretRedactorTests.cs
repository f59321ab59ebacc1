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
    public void Secret_looking_keys_are_redacted(string key) =>
        Assert.Equal(SecretRedactor.Redacted, SecretRedactor.Redact(key, "hunter2"));

    [Theory]
    [InlineData("training.optimizer.lr")]
    [InlineData("monkey")]
    [InlineData("data.label")]
    [InlineData("keyboard_layout")]
    public void Ordinary_keys_keep_their_value(string key) =>
        Assert.Equal("0.001", SecretRedactor.Redact(key, "0.001"));
}
