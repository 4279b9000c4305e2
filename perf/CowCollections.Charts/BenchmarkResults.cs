using System.Globalization;
using System.Text.Json;

namespace CowCollections.Charts;

/// <summary>One measured value: a contender (benchmark method or memory-report row) at one size.</summary>
internal sealed record Measurement(string Source, string Contender, long Size, double Value);

/// <summary>Everything in a results folder: BenchmarkDotNet full JSON reports and retained-bytes CSV files.</summary>
internal sealed class BenchmarkResults
{
    private BenchmarkResults(List<Measurement> timings, List<Measurement> retained)
    {
        Timings = timings;
        Retained = retained;
    }

    /// <summary>Mean nanoseconds per operation; <see cref="Measurement.Source"/> is the benchmark class.</summary>
    public List<Measurement> Timings { get; }

    /// <summary>Retained bytes per element; <see cref="Measurement.Source"/> is the CSV file name.</summary>
    public List<Measurement> Retained { get; }

    public static BenchmarkResults Load(string directory)
    {
        var timings = new List<Measurement>();
        foreach (string file in Directory.EnumerateFiles(directory, "*-report-full*.json", SearchOption.AllDirectories))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var benchmark in document.RootElement.GetProperty("Benchmarks").EnumerateArray())
            {
                if (!benchmark.TryGetProperty("Statistics", out var statistics) || statistics.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                string type = benchmark.GetProperty("Type").GetString()!;
                string method = benchmark.GetProperty("MethodTitle").GetString()!.Trim('\'');
                timings.Add(new Measurement(type, method, Size(benchmark.GetProperty("Parameters").GetString()), statistics.GetProperty("Mean").GetDouble()));
            }
        }

        // Retained-bytes CSV: a header "contender,size,bytes_per_element", then one row per measurement.
        var retained = new List<Measurement>();
        foreach (string file in Directory.EnumerateFiles(directory, "retained*.csv", SearchOption.AllDirectories))
        {
            foreach (string line in File.ReadLines(file).Skip(1).Where(l => l.Length > 0))
            {
                // The contender may itself hold commas ("Dictionary<int,int>"): size and value are the last two cells.
                string[] cells = line.Split(',');
                retained.Add(new Measurement(
                    Path.GetFileNameWithoutExtension(file),
                    string.Join(',', cells[..^2]),
                    long.Parse(cells[^2], CultureInfo.InvariantCulture),
                    double.Parse(cells[^1], CultureInfo.InvariantCulture)));
            }
        }

        return new BenchmarkResults(timings, retained);
    }

    /// <summary>The size parameter (<c>N</c>, <c>Count</c> or <c>Size</c>) of "N=1000&amp;Kind=x", or 0.</summary>
    private static long Size(string? parameters)
    {
        foreach (string pair in (parameters ?? "").Split('&'))
        {
            string[] kv = pair.Split('=');
            if (kv.Length == 2 && kv[0] is "N" or "Count" or "Size" && long.TryParse(kv[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out long n))
            {
                return n;
            }
        }

        return 0;
    }
}
