using System.Globalization;
using ScottPlot;

namespace CowCollections.Charts;

/// <summary>Grouped bars: one group per size, one bar per contender; timings on a log10 axis.</summary>
internal static class BarChart
{
    private static readonly Color[] Palette =
    [
        Color.FromHex("#7f7f7f"), Color.FromHex("#165e6e"), Color.FromHex("#e0a526"),
        Color.FromHex("#b5483b"), Color.FromHex("#5b7fbd"), Color.FromHex("#8a5fa8"),
    ];

    public static void Draw(ChartSpec spec, List<(string Label, SortedDictionary<long, double> Values)> series, string path)
    {
        var sizes = series.SelectMany(s => s.Values.Keys).Distinct().Order().ToList();
        var plot = new Plot();
        double width = 0.8 / series.Count;
        var legend = new List<LegendItem>();
        for (int c = 0; c < series.Count; c++)
        {
            var color = Palette[c % Palette.Length];
            var bars = new List<Bar>();
            for (int g = 0; g < sizes.Count; g++)
            {
                if (!series[c].Values.TryGetValue(sizes[g], out double value))
                {
                    continue;
                }

                double shown = spec.LogScale ? Math.Log10(Math.Max(value, 0.1)) - Math.Log10(0.1) : value;
                bars.Add(new Bar
                {
                    Position = g - 0.4 + (width * (c + 0.5)),
                    Value = shown,
                    FillColor = color,
                    Size = width * 0.9,
                    Label = Format(value),
                });
            }

            var plotted = plot.Add.Bars(bars);
            plotted.ValueLabelStyle.FontSize = 10;
            legend.Add(new LegendItem { LabelText = series[c].Label, FillColor = color });
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            Enumerable.Range(0, sizes.Count).Select(i => (double)i).ToArray(),
            sizes.Select(SizeLabel).ToArray());
        if (spec.LogScale)
        {
            double top = series.SelectMany(s => s.Values.Values).Max();
            int decades = (int)Math.Ceiling(Math.Log10(top) - Math.Log10(0.1));
            var positions = Enumerable.Range(0, decades + 1).Select(d => (double)d).ToArray();
            var labels = positions.Select(d => Format(0.1 * Math.Pow(10, d))).ToArray();
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
            plot.Axes.SetLimitsY(0, decades + 0.3);
        }
        else
        {
            plot.Axes.Margins(bottom: 0);
        }

        plot.Title(spec.Title);
        plot.YLabel(spec.YLabel);
        plot.XLabel("elements");
        plot.ShowLegend(legend, Alignment.UpperLeft);
        plot.SavePng(path, 900, 500);
    }

    private static string SizeLabel(long n) => n switch
    {
        >= 1_000_000 when n % 1_000_000 == 0 => $"{n / 1_000_000}M",
        >= 1_000 when n % 1_000 == 0 => $"{n / 1_000}K",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    private static string Format(double v) => v switch
    {
        >= 1_000_000 => (v / 1_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "M",
        >= 10_000 => (v / 1_000).ToString("0", CultureInfo.InvariantCulture) + "K",
        >= 100 => v.ToString("0", CultureInfo.InvariantCulture),
        >= 1 => v.ToString("0.#", CultureInfo.InvariantCulture),
        _ => v.ToString("0.##", CultureInfo.InvariantCulture),
    };
}
