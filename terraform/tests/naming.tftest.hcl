# The environment prefix (modules/naming): readable when short, unique when long.
run "short_names_are_kept_as_they_are" {
  command = plan
  module {
    source = "./modules/naming"
  }
  variables {
    project_name = "challenge"
    environment  = "mock"
  }
  assert {
    condition     = output.prefix == "challenge-mock"
    error_message = "A name of up to 20 characters is the prefix itself."
  }
}

run "a_twenty_character_name_is_kept" {
  command = plan
  module {
    source = "./modules/naming"
  }
  variables {
    project_name = "challenge"
    environment  = "abcdefghij"
  }
  assert {
    condition     = output.prefix == "challenge-abcdefghij"
    error_message = "20 characters still fit."
  }
}

run "long_name_a" {
  command = plan
  module {
    source = "./modules/naming"
  }
  variables {
    project_name = "challenge"
    environment  = "feature-login-page-alpha"
  }
  assert {
    condition     = length(output.prefix) <= 20 && startswith(output.prefix, "challenge-fea-") && can(regex("-[0-9a-f]{6}$", output.prefix))
    error_message = "A long name keeps its beginning and ends with a 6-digit hash, within 20 characters."
  }
}

run "long_name_b" {
  command = plan
  module {
    source = "./modules/naming"
  }
  variables {
    project_name = "challenge"
    environment  = "feature-login-page-beta"
  }
  assert {
    condition     = length(output.prefix) <= 20 && output.prefix != run.long_name_a.prefix
    error_message = "Two long names that share their first characters get different prefixes."
  }
}

run "longest_names_fit" {
  command = plan
  module {
    source = "./modules/naming"
  }
  variables {
    project_name = "abcdefghijkl"
    environment  = "an-environment-name-of-forty-characters-x"
  }
  assert {
    condition     = length(output.prefix) <= 20 && !strcontains(output.prefix, "--")
    error_message = "The prefix never exceeds 20 characters and never doubles a dash."
  }
}

run "a_name_ending_like_the_pipeline_suffix_is_hashed" {
  # Else challenge-mock-pipel would be both this prefix and the artifact folder of environment "mock".
  command = plan
  module {
    source = "./modules/naming"
  }
  variables {
    project_name = "challenge"
    environment  = "mock-pipel"
  }
  assert {
    condition     = output.prefix != "challenge-mock-pipel" && can(regex("^challenge-moc-[0-9a-f]{6}$", output.prefix))
    error_message = "A prefix must never equal another environment's 20-character pipeline folder."
  }
}
