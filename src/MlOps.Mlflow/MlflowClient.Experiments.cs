namespace MlOps.Mlflow;

/// <summary>Experiment search with paging, as Python's <c>search_experiments(max_results, page_token)</c>.</summary>
public sealed partial class MlflowClient
{
    /// <summary>One page of active experiments, newest first.</summary>
    /// <param name="maxResults">The page size, at least 1.</param>
    /// <param name="pageToken">The previous page's <see cref="MlflowPage{T}.NextPageToken"/>, or null for the first page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public Task<MlflowPage<MlflowExperiment>> SearchExperimentsPageAsync(int maxResults = 1000, string? pageToken = null, CancellationToken cancellationToken = default) =>
        Store.SearchExperimentsPageAsync(maxResults, pageToken, cancellationToken);

    /// <summary>Every active experiment, newest first, fetched page by page as the caller reads.</summary>
    /// <param name="pageSize">Experiments per request, at least 1.</param>
    /// <param name="cancellationToken">Cancels the remaining pages.</param>
    public async IAsyncEnumerable<MlflowExperiment> SearchAllExperimentsAsync(int pageSize = 1000,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        string? token = null;
        do
        {
            var page = await Store.SearchExperimentsPageAsync(pageSize, token, cancellationToken).ConfigureAwait(false);
            foreach (var experiment in page.Items)
            {
                yield return experiment;
            }
            token = page.NextPageToken;
        }
        while (token is not null);
    }
}
