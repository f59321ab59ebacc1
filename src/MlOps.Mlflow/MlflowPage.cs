namespace MlOps.Mlflow;

/// <summary>One page of search results (Python's <c>PagedList</c>).</summary>
/// <typeparam name="T">What was searched for.</typeparam>
/// <param name="Items">This page's results.</param>
/// <param name="NextPageToken">Pass it back for the next page; null on the last page.</param>
public sealed record MlflowPage<T>(IReadOnlyList<T> Items, string? NextPageToken);
