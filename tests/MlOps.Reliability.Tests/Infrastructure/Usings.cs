global using MlOps.Reliability.Tests.Infrastructure;
