using CowCollections.Charts;

// Usage: dotnet run --project perf/CowCollections.Charts -- RESULTS_DIR OUTPUT_DIR
// RESULTS_DIR holds BenchmarkDotNet's full JSON reports (*-report-full.json, written with `--exporters json`)
// and the retained-bytes CSVs of the memory reports; OUTPUT_DIR receives one PNG per chart in ChartSpecs.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: CowCollections.Charts RESULTS_DIR OUTPUT_DIR");
    return 1;
}

var results = BenchmarkResults.Load(args[0]);
Directory.CreateDirectory(args[1]);
int drawn = 0;
foreach (var spec in ChartSpecs.All)
{
    var series = spec.Select(results);
    if (series.Count == 0)
    {
        Console.Error.WriteLine($"{spec.File}: no results match; skipped");
        continue;
    }

    string path = Path.Combine(args[1], spec.File);
    BarChart.Draw(spec, series, path);
    Console.WriteLine($"{path}: {series.Count} contenders");
    drawn++;
}

return drawn > 0 ? 0 : 2;
