namespace CowCollections.Benchmarks;

/// <summary>
/// The sizes the suites run at. <c>COW_BENCH_SMOKE=1</c> (set by <c>.ci/run</c> for the dry job) keeps only the
/// smallest of each list, so CI proves every benchmark still runs without paying for 1M-element setups.
/// </summary>
public static class BenchSizes
{
    public static IEnumerable<int> Standard => Pick(1_000, 100_000, 1_000_000);

    public static IEnumerable<int> WithTenThousand => Pick(1_000, 10_000, 100_000, 1_000_000);

    public static IEnumerable<int> Pick(params int[] sizes) =>
        Environment.GetEnvironmentVariable("COW_BENCH_SMOKE") == "1" ? [sizes.Min()] : sizes;
}
