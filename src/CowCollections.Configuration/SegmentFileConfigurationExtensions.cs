using System;
using CowCollections.Segments;
using Microsoft.Extensions.Configuration;

namespace CowCollections.Configuration;

/// <summary>Adds a dictionary root of a segment file to a configuration builder.</summary>
public static class SegmentFileConfigurationExtensions
{
    /// <summary>
    /// Adds root <paramref name="rootName"/> of the segment file at <paramref name="path"/> as configuration, reloaded
    /// once per commit. The file and its root must exist when the configuration is built; the provider watches the
    /// file (file-change notifications, and polling once a second) until the configuration root is disposed.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="path">The segment file (relative to the current directory, if relative).</param>
    /// <param name="rootName">The dictionary root holding the configuration.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="builder"/>, <paramref name="path"/> or <paramref name="rootName"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> or <paramref name="rootName"/> is empty.</exception>
    public static IConfigurationBuilder AddSegmentFile(this IConfigurationBuilder builder, string path, string rootName) =>
        AddSegmentFile(builder, path, rootName, new SegmentWatchOptions());

    /// <summary>
    /// Adds root <paramref name="rootName"/> of the segment file at <paramref name="path"/> as configuration, reloaded
    /// once per commit, learning of commits as <paramref name="watchOptions"/> says.
    /// </summary>
    /// <param name="builder">The configuration builder.</param>
    /// <param name="path">The segment file (relative to the current directory, if relative).</param>
    /// <param name="rootName">The dictionary root holding the configuration.</param>
    /// <param name="watchOptions">File-change notifications and polling interval.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="path"/> or <paramref name="rootName"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The polling interval is neither positive nor infinite.</exception>
    public static IConfigurationBuilder AddSegmentFile(this IConfigurationBuilder builder, string path, string rootName, SegmentWatchOptions watchOptions)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(rootName);
        ArgumentNullException.ThrowIfNull(watchOptions);
        if (watchOptions.PollingInterval <= TimeSpan.Zero && watchOptions.PollingInterval != System.Threading.Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(watchOptions), watchOptions.PollingInterval, "The polling interval must be positive, or Timeout.InfiniteTimeSpan for none.");
        }

        return builder.Add(new SegmentFileConfigurationSource { Path = path, RootName = rootName, WatchOptions = watchOptions });
    }
}
