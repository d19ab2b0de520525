// Trains the experiment declared in TLExperiment.tl.yaml: every phase, then the model bundle,
// history, curves and report under the spec's output folder.
//   dotnet run -- --demo              the built-in synthetic demo data set (no images needed)
//   dotnet run -- --data DIR          your images: DIR/train/<class>/*.jpg and DIR/validation/<class>/*.jpg
//   dotnet run                        the spec's data folders (data/train, data/validation)
//   dotnet run -- predict IMAGE...    classify images with the trained model
return TLExperiment.TLExperiment.Run(args);
