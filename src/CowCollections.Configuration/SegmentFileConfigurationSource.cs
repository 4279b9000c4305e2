using System;
using CowCollections.Segments;
using Microsoft.Extensions.Configuration;

namespace CowCollections.Configuration;

/// <summary>
/// A configuration source over a dictionary root of a segment file: the root's keys and values are the
/// configuration, reloaded once per commit that another process (or this one) makes. Add it with
/// <see cref="SegmentFileConfigurationExtensions.AddSegmentFile(IConfigurationBuilder, string, string)"/>.
/// </summary>
/// <remarks>
/// The root is a <see cref="PersistentDictionary{TKey, TValue}"/> of <see cref="string"/> to nullable
/// <see cref="string"/>, committed with the built-in codecs (<c>file.Commit(rootName, dictionary)</c>); its keys
/// are configuration keys, with <c>:</c> between sections (<c>Db:Host</c>).
/// </remarks>
public sealed class SegmentFileConfigurationSource : IConfigurationSource
{
    /// <summary>The segment file. A relative path is resolved against the current directory when the source is built.</summary>
    public string? Path { get; set; }

    /// <summary>The name of the dictionary root that holds the configuration.</summary>
    public string? RootName { get; set; }

    /// <summary>How the provider learns of commits (file-change notifications and one-second polling by default).</summary>
    public SegmentWatchOptions WatchOptions { get; set; } = new();

    /// <summary>Creates the provider; the file is opened on its first <c>Load</c>.</summary>
    /// <param name="builder">The configuration builder (unused).</param>
    /// <returns>A <see cref="SegmentFileConfigurationProvider"/>.</returns>
    /// <exception cref="InvalidOperationException"><see cref="Path"/> or <see cref="RootName"/> is not set, or <see cref="WatchOptions"/> is null.</exception>
    public IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        if (string.IsNullOrEmpty(Path) || string.IsNullOrEmpty(RootName) || WatchOptions is null)
        {
            throw new InvalidOperationException("A segment file configuration source needs a Path, a RootName and WatchOptions.");
        }

        return new SegmentFileConfigurationProvider(this);
    }
}
