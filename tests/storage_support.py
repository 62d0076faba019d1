"""Looking into a storage the way the code does (its API), so a test holds on disk and in a
bucket alike."""


def files_in(storage, folder=""):
    """Every file name under ``folder`` in ``storage``, sorted; [] when there is no such folder."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:
        return []
    prefix = f"{folder}/" if folder else ""
    names = [f"{prefix}{name}" for name in files]
    for name in folders:
        names += files_in(storage, f"{prefix}{name}")
    return sorted(names)
