using System.Text;

namespace MlOps.Mlflow.Tests.Core;

/// <summary>Free-text redaction (issue 16): known values in every form, credentials by their place, and nothing else.</summary>
public sealed class SecretTextTests
{
    private const string Token = "supersecret-XYZ/+=42";

    [Theory]
    [InlineData("you sent Bearer supersecret-XYZ/+=42", "you sent Bearer ***REDACTED***")]
    [InlineData("token supersecret-XYZ%2F%2B%3D42 in the URL", "token ***REDACTED*** in the URL")]
    [InlineData("form: supersecret-XYZ%2f%2b%3d42", "form: ***REDACTED***")]
    [InlineData("{\"auth\": \"supersecret-XYZ/\\u002B=42\"}", "{\"auth\": \"***REDACTED***\"}")]
    public void A_known_value_is_redacted_in_each_form_it_travels_in(string text, string expected) =>
        Assert.Equal(expected, SecretText.Redact(text, [Token]));

    [Theory]
    [InlineData("at http://ci:hunter22@mlflow:5000/api", "at http://***@mlflow:5000/api")]
    [InlineData("GET http://mlflow:5000/?token=abc123&x=1", "GET http://mlflow:5000/?token=***REDACTED***&x=1")]
    [InlineData("https://s3/x?X-Amz-Signature=deadbeef&access_token=t0k", "https://s3/x?X-Amz-Signature=***REDACTED***&access_token=***REDACTED***")]
    [InlineData("Authorization: Basic Y2k6aHVudGVyMjI=", "Authorization: Basic ***REDACTED***")]
    public void Credentials_are_redacted_by_their_place_whatever_their_value(string text, string expected) =>
        Assert.Equal(expected, SecretText.Redact(text, []));

    [Theory]
    [InlineData("http://mlflow:5000/?monkey=1&design=2&author=x")]
    [InlineData("basic auth is off; tokens: 3; key=")]
    [InlineData("a password of ab is short")]
    public void Ordinary_text_is_left_alone(string text) =>
        Assert.Equal(text, SecretText.Redact(text, ["ab", null, ""]));

    [Fact]
    public void The_base64_of_user_and_password_is_a_value_of_its_own()
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("ci-user:pw+secret/456"));

        Assert.Equal("header was ***REDACTED***", SecretText.Redact($"header was {basic}", [basic]));
    }
}
