using System.Text;
using System.Text.Json.Nodes;

namespace MlOps.Mlflow;

/// <summary>MLflow's page token for offset paging: base64 of <c>{"offset": N}</c>, as its stores write it.</summary>
internal static class PageToken
{
    public static string Create(int offset) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"offset\": {offset}}}"));

    /// <summary>The offset in <paramref name="token"/>; 0 for none. A token that is not MLflow's is refused.</summary>
    public static int Offset(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }
        try
        {
            return JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(token)))?["offset"]?.GetValue<int>() is { } offset and >= 0
                ? offset
                : throw new ArgumentException($"Page token '{token}' has no offset.", nameof(token));
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or InvalidOperationException)
        {
            throw new ArgumentException($"'{token}' is not a page token this store wrote.", nameof(token), e);
        }
    }
}
