using System.Text.Json.Nodes;

namespace MlOps.Mlflow.Tests.Fakes;

public sealed partial class FakeMlflowState
{
    private (int, string) CreateModel(JsonNode r)
    {
        var name = r["name"]!.GetValue<string>();
        if (Models.ContainsKey(name))
        {
            return Error(400, "RESOURCE_ALREADY_EXISTS", $"Registered Model (name={name}) already exists.");
        }
        Models[name] = [];
        return Ok(new JsonObject { ["registered_model"] = new JsonObject { ["name"] = name, ["creation_timestamp"] = 1795938480749, ["last_updated_timestamp"] = 1795938480749 } });
    }

    private (int, string) CreateVersion(JsonNode r)
    {
        var name = r["name"]!.GetValue<string>();
        if (!Models.TryGetValue(name, out var versions))
        {
            return Error(500, "INTERNAL_ERROR", $"Model Version creation error (name={name}). Error: Registered Model with name={name} not found. Giving up after 3 attempts.");
        }
        var version = (versions.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        versions.Add((version, r["source"]!.GetValue<string>(), r["run_id"]!.GetValue<string>()));
        return Ok(new JsonObject { ["model_version"] = VersionJson(name, versions[^1]) });
    }

    private (int, string) SetAlias(JsonNode r)
    {
        Aliases[(r["name"]!.GetValue<string>(), r["alias"]!.GetValue<string>())] = r["version"]!.GetValue<string>();
        return Ok(new JsonObject());
    }

    private (int, string) GetAlias(string? name, string? alias)
    {
        if (name is null || !Models.TryGetValue(name, out var versions))
        {
            return Error(404, "RESOURCE_DOES_NOT_EXIST", $"Registered Model with name={name} not found");
        }
        if (!Aliases.TryGetValue((name, alias!), out var version))
        {
            return Error(400, "INVALID_PARAMETER_VALUE", $"Registered model alias {alias} not found.");
        }
        var json = VersionJson(name, versions.First(v => v.Version == version));
        json["aliases"] = new JsonArray(JsonValue.Create(alias));
        return Ok(new JsonObject { ["model_version"] = json });
    }

    private static JsonObject VersionJson(string name, (string Version, string Source, string RunId) v) => new()
    {
        ["name"] = name,
        ["version"] = v.Version,
        ["creation_timestamp"] = 1795938480987,
        ["last_updated_timestamp"] = 1795938480987,
        ["current_stage"] = "None",
        ["description"] = "",
        ["source"] = v.Source,
        ["run_id"] = v.RunId,
        ["status"] = "READY",
        ["run_link"] = "",
    };
}
