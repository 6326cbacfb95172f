from odoo.tests import BaseCase, tagged

from ..tools.genealogy import CYCLE, SELF, TWICE, chain_up, install_problems, tree_rows


@tagged("post_install", "-at_install")
class TestGenealogyRules(BaseCase):
    def test_a_clean_batch_has_no_problem(self):
        self.assertEqual(install_problems([(1, 2), (1, 3), (2, 4)], {}), {})

    def test_a_serial_cannot_hold_itself(self):
        self.assertEqual(install_problems([(1, 1)], {}), {0: SELF})

    def test_one_component_asked_twice_in_a_batch(self):
        self.assertEqual(install_problems([(1, 3), (2, 3)], {}), {1: TWICE})

    def test_a_parent_inside_its_component_is_a_cycle(self):
        # 1 sits in 2 which sits in 3: putting 3 into 1 closes a loop.
        self.assertEqual(install_problems([(1, 3)], {1: {2, 3}}), {0: CYCLE})
        self.assertEqual(install_problems([(1, 4)], {1: {2, 3}}), {})

    def test_a_cycle_made_within_one_batch(self):
        self.assertEqual(install_problems([(1, 2), (2, 1)], {}), {1: CYCLE})
        self.assertEqual(install_problems([(1, 2), (2, 3), (3, 1)], {}), {2: CYCLE})
        # Through a link already in place: 5 is inside 3.
        self.assertEqual(
            install_problems([(1, 2), (2, 3), (5, 1)], {5: {3}}), {2: CYCLE}
        )

    def test_tree_rows_depth_first_with_depth(self):
        links = [(1, 2), (2, 4), (1, 3), (4, 5), (9, 8)]
        self.assertEqual(
            tree_rows(1, links), [(1, 1, 2), (2, 2, 4), (3, 4, 5), (1, 1, 3)]
        )
        self.assertEqual(tree_rows(7, links), [])

    def test_tree_rows_show_each_serial_once_even_on_a_loop(self):
        self.assertEqual(tree_rows(1, [(1, 2), (2, 1)]), [(1, 1, 2)])

    def test_chain_up_nearest_first(self):
        self.assertEqual(chain_up(5, {5: 4, 4: 2, 2: 1}), [4, 2, 1])
        self.assertEqual(chain_up(1, {5: 4}), [])
        self.assertEqual(chain_up(1, {1: 2, 2: 1}), [2])
