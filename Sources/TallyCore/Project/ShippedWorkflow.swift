/// The GitHub workflow tally ships: `tally init` writes it into a new project. It is the repository's own
/// .github/workflows/tally.yml, byte for byte (ProjectTemplateTests compares them), so the one CI runs is the one
/// users get.
enum ShippedWorkflow {
    static let path = ".github/workflows/tally.yml"

    static let text = #"""
# Checks definitions on every pull request: problems and failing examples become annotations on the diff, and a
# comment shows what the change means for the views (definitions added, removed, renamed, each changed field,
# breaking changes). On the default branch it checks what was merged and keeps tally's build in the cache that
# pull requests read (a pull request's own cache is its own).
name: tally

on:
  pull_request:
    paths: ["definitions/**", "tally.yaml", "generated/**", ".github/workflows/tally.yml"]
  push:
    branches: [main]  # your default branch
    paths: ["definitions/**", "tally.yaml", "generated/**", ".github/workflows/tally.yml"]

permissions:
  contents: read
  pull-requests: write

jobs:
  definitions:
    runs-on: ubuntu-latest
    container: swift:6.0
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0  # tally diff reads the base branch from git
      - name: Install libyaml and SQLite headers
        run: apt-get update -qq && apt-get install -y -qq libyaml-dev libsqlite3-dev pkg-config git
      # In tally's own repository tally is built from this checkout; any other project checks out tally's source
      # from the repository variable TALLY_REPOSITORY (OWNER/NAME), at TALLY_REF (default main).
      - name: Say where tally's source is
        if: hashFiles('Sources/tally/Tally.swift') == '' && vars.TALLY_REPOSITORY == ''
        run: |
          echo "::error::Set the repository variable TALLY_REPOSITORY (OWNER/NAME of tally's source) under Settings > Secrets and variables > Actions > Variables"
          exit 1
      - name: Check out tally's source
        if: hashFiles('Sources/tally/Tally.swift') == ''
        uses: actions/checkout@v4
        with:
          repository: ${{ vars.TALLY_REPOSITORY }}
          ref: ${{ vars.TALLY_REF || 'main' }}
          path: .tally
      # Building tally takes minutes and checking takes seconds: a release build is kept in the Actions cache under
      # a hash of its source and the compiler. It is saved as soon as it is built, so a run that then fails on the
      # definitions still keeps it.
      - name: Hash tally's source
        id: source
        run: |
          if [ -f Sources/tally/Tally.swift ]; then package=.; else package=.tally; fi
          echo "package=$package" >> "$GITHUB_OUTPUT"
          hash=$( (swift --version 2>&1; cd "$package" && find Package.swift Sources -type f | LC_ALL=C sort | xargs sha256sum) | sha256sum | cut -c1-40)
          echo "hash=$hash" >> "$GITHUB_OUTPUT"
      - name: Reuse tally built from the same source
        id: built
        uses: actions/cache/restore@v4
        with:
          path: ~/.cache/tally-bin
          key: tally-${{ runner.os }}-${{ steps.source.outputs.hash }}
      - name: Build tally
        if: steps.built.outputs.cache-hit != 'true'
        run: |
          package="${{ steps.source.outputs.package }}"
          swift build -c release --static-swift-stdlib --package-path "$package" --product tally
          mkdir -p ~/.cache/tally-bin
          cp "$(swift build -c release --package-path "$package" --show-bin-path)/tally" ~/.cache/tally-bin/tally
      - name: Keep the build for later runs
        if: steps.built.outputs.cache-hit != 'true'
        uses: actions/cache/save@v4
        with:
          path: ~/.cache/tally-bin
          key: tally-${{ runner.os }}-${{ steps.source.outputs.hash }}
      - name: Put tally on the PATH
        id: tally
        run: |
          ln -s ~/.cache/tally-bin/tally /usr/local/bin/tally && tally --version
          git config --global --add safe.directory "$GITHUB_WORKSPACE"
      - name: Check definitions and generated/
        run: tally check --format github
      - name: Run every example on embedded SQLite
        run: tally test --format github
      # The diff and its comment follow every push, even one whose check or examples failed: else the comment of an
      # earlier push stayed up with its numbers and problems.
      - name: Diff against the base branch
        if: ${{ !cancelled() && github.event_name == 'pull_request' && steps.tally.outcome == 'success' }}
        id: diff
        run: |
          set +e
          tally diff --base "origin/${{ github.base_ref }}" --format markdown > tally-diff.md
          echo "status=$?" >> "$GITHUB_OUTPUT"
          # Annotations are workflow commands: they must reach the job's log (stdout) to land on the diff.
          tally diff --base "origin/${{ github.base_ref }}" --format github
          cat tally-diff.md >> "$GITHUB_STEP_SUMMARY"
      # A pull request from a fork, or Dependabot's, gets a token that cannot comment: its summary is on the run's
      # page instead.
      - name: Comment on the pull request
        if: ${{ !cancelled() && steps.diff.outcome == 'success' }}
        continue-on-error: ${{ github.event.pull_request.head.repo.full_name != github.repository || github.actor == 'dependabot[bot]' }}
        uses: marocchino/sticky-pull-request-comment@v2
        with:
          header: tally
          path: tally-diff.md
      - name: Fail on unrecorded breaking changes
        if: ${{ !cancelled() && steps.diff.outcome == 'success' }}
        run: exit ${{ steps.diff.outputs.status }}

"""#
}
