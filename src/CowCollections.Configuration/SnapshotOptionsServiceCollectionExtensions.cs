using System;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CowCollections.Configuration;

/// <summary>Registers options that follow a <see cref="ConfigurationSnapshot"/>.</summary>
public static class SnapshotOptionsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <typeparamref name="TOptions"/> bound from <paramref name="configuration"/> through a
    /// <see cref="ConfigurationSnapshot"/>: <see cref="IOptionsMonitor{TOptions}"/> whose <c>OnChange</c> fires exactly
    /// once per reload that changed the configuration and whose <c>CurrentValue</c> is bound once per version;
    /// <see cref="IOptions{TOptions}"/> and <see cref="IOptionsSnapshot{TOptions}"/> over it; and the typed view
    /// <see cref="ConfigurationSnapshot{TOptions}"/>, which hands subscribers the old and new options.
    /// </summary>
    /// <remarks>The snapshot is created when the options are first resolved and disposed with the service provider.
    /// These registrations replace, for <typeparamref name="TOptions"/>, the standard options monitor (so
    /// <c>Configure</c> and <c>PostConfigure</c> actions of <typeparamref name="TOptions"/> do not apply to it).</remarks>
    /// <typeparam name="TOptions">The options type, with a public parameterless constructor.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration (a root or a section) to bind.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    [RequiresUnreferencedCode(ConfigurationSnapshot.BindingRequiresUnreferencedCode)]
    [RequiresDynamicCode(ConfigurationSnapshot.BindingRequiresDynamicCode)]
    public static IServiceCollection AddSnapshotOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(this IServiceCollection services, IConfiguration configuration)
        where TOptions : class =>
        services.AddSnapshotOptions<TOptions>(Options.DefaultName, configuration, configureBinder: null);

    /// <summary>
    /// Registers the named options <paramref name="name"/> of <typeparamref name="TOptions"/> bound from
    /// <paramref name="configuration"/> through a <see cref="ConfigurationSnapshot"/>; see
    /// <see cref="AddSnapshotOptions{TOptions}(IServiceCollection, IConfiguration)"/>.
    /// </summary>
    /// <remarks><c>IOptionsMonitor&lt;TOptions&gt;.Get(name)</c> returns them; the typed view is registered only for the default name.</remarks>
    /// <typeparam name="TOptions">The options type, with a public parameterless constructor.</typeparam>
    /// <param name="services">The service collection.</param>
    /// <param name="name">The options name; null for <see cref="Options.DefaultName"/>.</param>
    /// <param name="configuration">The configuration (a root or a section) to bind.</param>
    /// <param name="configureBinder">Binder settings, or null.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="services"/> or <paramref name="configuration"/> is null.</exception>
    [RequiresUnreferencedCode(ConfigurationSnapshot.BindingRequiresUnreferencedCode)]
    [RequiresDynamicCode(ConfigurationSnapshot.BindingRequiresDynamicCode)]
    public static IServiceCollection AddSnapshotOptions<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.All)] TOptions>(this IServiceCollection services, string? name, IConfiguration configuration, Action<BinderOptions>? configureBinder)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var optionsName = name ?? Options.DefaultName;
        services.AddSingleton(_ =>
        {
            var snapshot = configuration.ToSnapshot();
            return new SnapshotOptionsRegistration<TOptions>(optionsName, snapshot, snapshot.Bind<TOptions>(configureBinder));
        });
        services.TryAddSingleton<IOptionsMonitor<TOptions>, SnapshotOptionsMonitor<TOptions>>();
        services.TryAddSingleton<IOptions<TOptions>>(provider => new SnapshotOptionsManager<TOptions>(provider.GetRequiredService<IOptionsMonitor<TOptions>>()));
        services.TryAddScoped<IOptionsSnapshot<TOptions>>(provider => new SnapshotOptionsManager<TOptions>(provider.GetRequiredService<IOptionsMonitor<TOptions>>()));
        services.TryAddSingleton(provider =>
            provider.GetServices<SnapshotOptionsRegistration<TOptions>>().LastOrDefault(r => r.Name == Options.DefaultName)?.View
            ?? throw new InvalidOperationException($"ConfigurationSnapshot<{typeof(TOptions).Name}> is registered for the default options name only; call AddSnapshotOptions<{typeof(TOptions).Name}>(configuration) or pass a null name."));
        return services;
    }
}
