//! Which items the panel shows. The menu's choice is the source of truth: the applied filter is
//! derived from it, so answers arriving in any order cannot leave the menu and the list
//! disagreeing.

use ticklist_core::{Item, StatusSet};

/// What the user picked in the menu.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FilterChoice {
    #[default]
    All,
    Open,
    Mine,
}

impl FilterChoice {
    pub const ALL: [FilterChoice; 3] = [FilterChoice::All, FilterChoice::Open, FilterChoice::Mine];

    /// The `<option value>` of the filter menu.
    pub fn as_str(self) -> &'static str {
        match self {
            FilterChoice::All => "all",
            FilterChoice::Open => "open",
            FilterChoice::Mine => "mine",
        }
    }

    /// The filter this choice applies, given who "me" is (when known).
    pub fn applied(self, me: Option<&str>) -> Filter {
        match self {
            FilterChoice::All => Filter::All,
            FilterChoice::Open => Filter::Open,
            FilterChoice::Mine => Filter::Mine(me.map(str::to_owned)),
        }
    }
}

impl std::str::FromStr for FilterChoice {
    type Err = ();

    fn from_str(s: &str) -> Result<Self, ()> {
        FilterChoice::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .ok_or(())
    }
}

/// Which items a checklist shows (headers always stay).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Filter {
    #[default]
    All,
    Open,
    /// Items assigned to this account; `None` while Jira has not said who "me" is (nothing
    /// matches yet).
    Mine(Option<String>),
}

impl Filter {
    pub fn shows(&self, item: &Item, statuses: &StatusSet) -> bool {
        item.is_header()
            || match self {
                Filter::All => true,
                Filter::Open => !statuses.is_complete(&item.status),
                Filter::Mine(me) => me.is_some() && item.assignee == *me,
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_choice_decides_whatever_order_answers_arrive_in() {
        // "Assigned to me", then "All" before Jira said who "me" is: All, not "mine".
        assert_eq!(FilterChoice::All.applied(None), Filter::All);
        assert_eq!(FilterChoice::Mine.applied(None), Filter::Mine(None));
        assert_eq!(
            FilterChoice::Mine.applied(Some("u1")),
            Filter::Mine(Some("u1".into()))
        );
        for c in FilterChoice::ALL {
            assert_eq!(c.as_str().parse(), Ok(c));
        }
    }
}
