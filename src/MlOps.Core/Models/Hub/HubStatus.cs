using System.Net;
using MlOps.Specs.Hub;

namespace MlOps.Core.Models.Hub;

/// <summary>Turns the Hub's error answers (status plus its X-Error-Code header) into clear errors.</summary>
internal static class HubStatus
{
    /// <summary>
    /// Throws for an error answer; returns normally for a 404 on a file in a repository that exists
    /// (<paramref name="optional"/>), so the caller can skip it.
    /// </summary>
    public static void ThrowIfError(HttpResponseMessage response, HubModelId id, string file, bool optional, bool hasToken)
    {
        var status = (int)response.StatusCode;
        if (status < 400)
        {
            return;
        }
        var what = id.Kind == HubRepoKind.Dataset ? "dataset" : "model";
        var code = response.Headers.TryGetValues("X-Error-Code", out var values) ? values.FirstOrDefault() : null;
        if (status >= 500 || status is 408 or 429)
        {
            throw new HubTransientException($"the Hub answered {status} {response.ReasonPhrase} for {file}");
        }
        if (code == "RepoNotFound" || (status == 401 && code is null && !hasToken))
        {
            // The Hub answers 401 for a repository it will not show an anonymous caller: private, gated or absent.
            throw new HubException(status == 401 ? HubErrorCodes.AccessDenied : HubErrorCodes.NotFound,
                $"{id}: the repository '{id.RepoId}' was not found on the Hub ({status}). Check the id; if it is private or gated, set HF_TOKEN to a token with read access"
                + (hasToken ? " (the token that was sent is not allowed to see it)" : ""));
        }
        if (status is 401 or 403)
        {
            throw new HubException(HubErrorCodes.AccessDenied,
                $"{id}: the Hub refused access to {file} ({status}{(code is null ? "" : " " + code)}). This {what} is private or gated: "
                + (hasToken ? $"the token in HF_TOKEN is not allowed to read it; accept the {what}'s licence on its Hub page with the token's account, or use another token"
                            : $"set HF_TOKEN to a Hugging Face access token and accept the {what}'s licence on its Hub page"));
        }
        if (code == "RevisionNotFound")
        {
            throw new HubException(HubErrorCodes.NotFound,
                $"{id}: the revision '{id.Revision}' does not exist in '{id.RepoId}'. Use an existing branch, tag or commit sha after '@' (or leave it out for main)");
        }
        if (response.StatusCode == HttpStatusCode.NotFound && optional)
        {
            return;
        }
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            throw new HubException(HubErrorCodes.NotFound,
                $"{id}: {file} was not found on the Hub (404{(code is null ? "" : " " + code)}). Check the {what} id and revision"
                + (id.Kind == HubRepoKind.Dataset ? "" : "; the model must be in the Hugging Face layout (config.json and weights)"));
        }
        throw new HubException(HubErrorCodes.Unreachable, $"{id}: the Hub answered {status} {response.ReasonPhrase} for {file}");
    }
}
